// Named synthetic fixtures for API tests: two organisations, one user per role, prescribers and patients.
import { ROLES, type Role } from '../../src/domain/roles.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import type { Db } from '../../src/store/db.ts';
import { insertOrganization, insertUser } from '../../src/store/users.repository.ts';

export type Fixtures = {
  password: string;
  orgA: string;
  orgB: string;
  /** username per role in organisation A, e.g. users.pharmacist = 'a-pharmacist' */
  users: Record<Role, string>;
  otherOrgPharmacist: string;
  prescriberA: string;
  prescriberB: string;
  /** Rosa Alvarez: organisation A, on the care team of prescriberA (linked to the prescriber user). */
  rosa: string;
  rosaLisinopril: string;
  /** Walter Brennan: organisation A, not on the prescriber user's care team. */
  walter: string;
  /** Olga Berg: organisation B. */
  olga: string;
  olgaMetformin: string;
};

const PASSWORD = 'correct horse battery staple';

async function one(db: Db, sql: string, params: unknown[]): Promise<string> {
  return (await db.query<{ id: string }>(sql, params))[0]!.id;
}

async function patient(db: Db, orgId: string, first: string, last: string, dob: string, memberId: string): Promise<string> {
  const id = await one(
    db,
    `INSERT INTO patients (org_id, external_id, first_name, last_name, birth_date, sex, state) VALUES ($1, $2, $3, $4, $5, 'female', 'NY') RETURNING id`,
    [orgId, memberId, first, last, dob],
  );
  await db.query(
    `INSERT INTO coverages (org_id, patient_id, kind, payer_name, member_id, contract_id, pbp_id, start_date) VALUES ($1, $2, 'medicare_part_d', 'Demo Part D', $3, 'H1234', '001', '2025-01-01')`,
    [orgId, id, memberId],
  );
  return id;
}

export async function seedFixtures(db: Db): Promise<Fixtures> {
  const orgA = await insertOrganization(db, { name: 'Alpha Pharmacy', kind: 'pharmacy' });
  const orgB = await insertOrganization(db, { name: 'Beta Clinic', kind: 'clinic' });
  const passwordHash = await hashPassword(PASSWORD);
  const users = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    users[role] = `a-${role}`;
    userIds[role] = await insertUser(db, { orgId: orgA, username: `a-${role}`, displayName: `A ${role}`, role, passwordHash });
  }
  await insertUser(db, { orgId: orgB, username: 'b-pharmacist', displayName: 'B pharmacist', role: 'pharmacist', passwordHash });
  const prescriberA = await one(
    db,
    `INSERT INTO prescribers (org_id, npi, first_name, last_name, credential, specialty, user_id) VALUES ($1, '1234567893', 'Helen', 'Cho', 'MD', 'Internal Medicine', $2) RETURNING id`,
    [orgA, userIds.prescriber],
  );
  const prescriberB = await one(
    db,
    `INSERT INTO prescribers (org_id, npi, first_name, last_name, credential) VALUES ($1, '1245319599', 'Ivan', 'Petrov', 'DO') RETURNING id`,
    [orgB],
  );
  const rosa = await patient(db, orgA, 'Rosa', 'Alvarez', '1948-03-02', 'MBR100001');
  const walter = await patient(db, orgA, 'Walter', 'Brennan', '1951-11-20', 'MBR100002');
  const olga = await patient(db, orgB, 'Olga', 'Berg', '1950-07-07', 'MBR900001');
  await db.query(`INSERT INTO care_team_members (org_id, patient_id, prescriber_id, role) VALUES ($1, $2, $3, 'primary care')`, [orgA, rosa, prescriberA]);
  const rosaLisinopril = await one(
    db,
    `INSERT INTO medications (org_id, patient_id, rxcui, display, source, sig, prescriber_id, start_date) VALUES ($1, $2, '314076', 'lisinopril 10 MG Oral Tablet', 'prescription', 'Take 1 tablet by mouth daily', $3, '2025-02-01') RETURNING id`,
    [orgA, rosa, prescriberA],
  );
  const olgaMetformin = await one(
    db,
    `INSERT INTO medications (org_id, patient_id, rxcui, display, source, start_date) VALUES ($1, $2, '861007', 'metformin 500 MG Oral Tablet', 'prescription', '2024-05-01') RETURNING id`,
    [orgB, olga],
  );
  return {
    password: PASSWORD,
    orgA,
    orgB,
    users,
    otherOrgPharmacist: 'b-pharmacist',
    prescriberA,
    prescriberB,
    rosa,
    rosaLisinopril,
    walter,
    olga,
    olgaMetformin,
  };
}
