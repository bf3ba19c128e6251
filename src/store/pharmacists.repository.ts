// Pharmacists of an organisation (profile, licences, current load) and the patient facts used to match a work
// item to one: licence in the patient's state, language, expertise. SQL only; every query is scoped by org_id.
import type { Queryable } from './db.ts';

export type PharmacistRow = {
  userId: string;
  name: string;
  role: string;
  active: boolean;
  isPharmacist: boolean;
  npi: string | null;
  languages: string[];
  specialties: string[];
  capacity: number | null;
  licenses: { state: string; expiresOn: string | null }[];
  load: number;
};

const PHARMACIST_SELECT = `SELECT u.id AS "userId", u.display_name AS name, u.role, u.active, (ph.user_id IS NOT NULL) AS "isPharmacist", ph.npi,
    coalesce(ph.languages, '{}') AS languages, coalesce(ph.specialties, '{}') AS specialties, ph.capacity_per_week AS capacity,
    coalesce((SELECT json_agg(json_build_object('state', l.state, 'expiresOn', l.expires_on) ORDER BY l.state)
                FROM pharmacist_licenses l WHERE l.user_id = u.id), '[]') AS licenses,
    (SELECT count(*)::int FROM work_items w WHERE w.assigned_to = u.id AND w.status = 'claimed') AS load
  FROM users u LEFT JOIN pharmacists ph ON ph.user_id = u.id AND ph.org_id = u.org_id`;

/** A user of the organisation with their pharmacist profile (when they have one) and current claimed load. */
export async function findPharmacist(q: Queryable, orgId: string, userId: string): Promise<PharmacistRow | undefined> {
  return (await q.query<PharmacistRow>(`${PHARMACIST_SELECT} WHERE u.org_id = $1 AND u.id = $2`, [orgId, userId]))[0];
}

export async function listPharmacists(q: Queryable, orgId: string): Promise<PharmacistRow[]> {
  return q.query<PharmacistRow>(`${PHARMACIST_SELECT} WHERE u.org_id = $1 AND u.role = 'pharmacist' AND u.active AND ph.user_id IS NOT NULL ORDER BY u.display_name`, [
    orgId,
  ]);
}

export type PatientFacts = { name: string; state: string | null; language: string; conditions: string[] };

export async function patientFacts(q: Queryable, orgId: string, patientId: string): Promise<PatientFacts | undefined> {
  const rows = await q.query<PatientFacts>(
    `SELECT p.first_name || ' ' || p.last_name AS name, p.state, p.language,
            coalesce((SELECT array_agg(c.display) FROM conditions c WHERE c.patient_id = p.id AND c.clinical_status = 'active'), '{}') AS conditions
       FROM patients p WHERE p.org_id = $1 AND p.id = $2`,
    [orgId, patientId],
  );
  return rows[0];
}
