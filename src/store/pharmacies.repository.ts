// The organisation's pharmacy locations and patients' home pharmacy. SQL only; every query is scoped by org_id.
import type { Pharmacy, PharmacyInput } from '../domain/pharmacies.ts';
import type { Queryable } from './db.ts';

const COLUMNS = `ph.id, ph.name, ph.state, ph.ncpdp, ph.npi,
  (SELECT count(*)::int FROM patients p WHERE p.org_id = ph.org_id AND p.home_pharmacy_id = ph.id) AS patients`;

export async function listPharmacies(q: Queryable, orgId: string): Promise<Pharmacy[]> {
  return q.query<Pharmacy>(`SELECT ${COLUMNS} FROM pharmacies ph WHERE ph.org_id = $1 ORDER BY ph.name, ph.id`, [orgId]);
}

export async function findPharmacy(q: Queryable, orgId: string, id: string): Promise<Pharmacy | undefined> {
  return (await q.query<Pharmacy>(`SELECT ${COLUMNS} FROM pharmacies ph WHERE ph.org_id = $1 AND ph.id = $2`, [orgId, id]))[0];
}

export async function insertPharmacy(q: Queryable, orgId: string, p: PharmacyInput, createdBy: string | null): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO pharmacies (org_id, name, state, ncpdp, npi, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [orgId, p.name, p.state, p.ncpdp ?? null, p.npi ?? null, createdBy],
  );
  return rows[0]!.id;
}

/** The patient's current home pharmacy id; undefined when the patient is not in the organisation. */
export async function homePharmacyOf(q: Queryable, orgId: string, patientId: string): Promise<{ pharmacyId: string | null } | undefined> {
  return (await q.query<{ pharmacyId: string | null }>(`SELECT home_pharmacy_id AS "pharmacyId" FROM patients WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, patientId]))[0];
}

export async function setHomePharmacy(q: Queryable, orgId: string, patientId: string, pharmacyId: string | null, now: Date): Promise<void> {
  await q.query(`UPDATE patients SET home_pharmacy_id = $3, updated_at = $4 WHERE org_id = $1 AND id = $2`, [orgId, patientId, pharmacyId, now]);
}

/** Assigns many patients at once (the demo seed): pairs of patient id and pharmacy id. */
export async function assignHomePharmacies(q: Queryable, orgId: string, pairs: readonly { patientId: string; pharmacyId: string }[]): Promise<number> {
  const rows = await q.query(
    `UPDATE patients p SET home_pharmacy_id = x.pharmacy_id FROM unnest($2::uuid[], $3::uuid[]) AS x(patient_id, pharmacy_id)
      WHERE p.org_id = $1 AND p.id = x.patient_id RETURNING p.id`,
    [orgId, pairs.map((x) => x.patientId), pairs.map((x) => x.pharmacyId)],
  );
  return rows.length;
}
