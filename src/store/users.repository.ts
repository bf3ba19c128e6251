// Organisations, users, pharmacist profiles. SQL only; no rules.
import type { Role } from '../domain/roles.ts';
import type { Queryable } from './db.ts';

export type UserRow = {
  id: string;
  orgId: string;
  orgName: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  active: boolean;
};

const USER_COLUMNS = `u.id, u.org_id AS "orgId", o.name AS "orgName", u.username, u.display_name AS "displayName",
  u.role, u.password_hash AS "passwordHash", u.active`;

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.username = $1`,
    [username],
  );
  return rows[0];
}

export async function findOrganizationByName(q: Queryable, name: string): Promise<{ id: string } | undefined> {
  return (await q.query<{ id: string }>('SELECT id FROM organizations WHERE name = $1', [name]))[0];
}

export async function insertOrganization(
  q: Queryable,
  org: { name: string; kind: 'pharmacy' | 'clinic' | 'vendor' | 'plan'; npi?: string | null; state?: string | null },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    'INSERT INTO organizations (name, kind, npi, state) VALUES ($1, $2, $3, $4) RETURNING id',
    [org.name, org.kind, org.npi ?? null, org.state ?? null],
  );
  return rows[0]!.id;
}

export async function insertUser(
  q: Queryable,
  u: { orgId: string; username: string; displayName: string; role: Role; passwordHash: string },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO users (org_id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [u.orgId, u.username, u.displayName, u.role, u.passwordHash],
  );
  return rows[0]!.id;
}

export async function insertPharmacistProfile(
  q: Queryable,
  p: {
    userId: string;
    orgId: string;
    npi: string;
    languages: string[];
    specialties: string[];
    capacityPerWeek: number | null;
    licenses: { state: string; number: string; expiresOn: string | null }[];
  },
): Promise<void> {
  await q.query(
    `INSERT INTO pharmacists (user_id, org_id, npi, languages, specialties, capacity_per_week) VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.userId, p.orgId, p.npi, p.languages, p.specialties, p.capacityPerWeek],
  );
  for (const l of p.licenses) {
    await q.query(
      `INSERT INTO pharmacist_licenses (org_id, user_id, state, license_number, expires_on) VALUES ($1, $2, $3, $4, $5)`,
      [p.orgId, p.userId, l.state, l.number, l.expiresOn],
    );
  }
}

export async function countOrganizations(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations'))[0]!.n;
}

export async function findUserIdByUsername(q: Queryable, username: string): Promise<string | undefined> {
  return (await q.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]?.id;
}

/** Links a login to a prescriber record, so the prescriber sees the patients whose care team lists them. */
export async function linkPrescriberUser(q: Queryable, orgId: string, npi: string, userId: string): Promise<void> {
  await q.query('UPDATE prescribers SET user_id = $1 WHERE org_id = $2 AND npi = $3', [userId, orgId, npi]);
}

export async function countUsers(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n;
}
