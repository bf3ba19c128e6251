// What Part D targeting needs about each patient of a shard, in one statement (like MEASURE_INPUTS_SELECT):
// active conditions with onset, paid fills in the year and the drug lookback before it with their gross cost,
// Part D / Medicare Advantage coverage spans, death and the plan's DMP at-risk dates.
import type { Queryable } from './db.ts';

export type TargetInputs = {
  deceasedDate: string | null;
  dmpAtRiskOn: string | null;
  dmpAtRiskUntil: string | null;
  fills: { fillDate: string; rxcui: string | null; ndc: string | null; totalCost: number | null }[];
  conditions: { system: 'icd10cm' | 'snomed'; code: string; onsetDate: string | null }[];
  /** Part D / Medicare Advantage spans, oldest first. */
  coverage: { startDate: string; endDate: string | null; memberId: string }[];
};

// Only active conditions count: the engine cannot take a disease away part-way through the year, and a resolved
// or inactive diagnosis is not a chronic disease the member has (the generator's conditions.csv holds the same).
const TARGET_INPUTS_SELECT = `json_build_object(
  'deceasedDate', p.deceased_date, 'dmpAtRiskOn', p.dmp_at_risk_on, 'dmpAtRiskUntil', p.dmp_at_risk_until,
  'fills', coalesce((SELECT json_agg(json_build_object('fillDate', f.fill_date, 'rxcui', f.rxcui, 'ndc', f.ndc, 'totalCost', f.total_cost) ORDER BY f.fill_date)
            FROM fills f WHERE f.patient_id = p.id AND f.claim_status = 'paid' AND f.fill_date >= $4::date AND f.fill_date <= $5::date), '[]'::json),
  'conditions', coalesce((SELECT json_agg(json_build_object('system', d.code_system, 'code', d.code, 'onsetDate', d.onset_date))
            FROM conditions d WHERE d.patient_id = p.id AND d.clinical_status = 'active'), '[]'::json),
  'coverage', coalesce((SELECT json_agg(json_build_object('startDate', c.start_date, 'endDate', c.end_date, 'memberId', c.member_id) ORDER BY c.start_date, c.member_id)
            FROM coverages c WHERE c.patient_id = p.id AND c.kind IN ('medicare_part_d', 'medicare_advantage')), '[]'::json)
)`;

/**
 * Patients of one shard, [first, next) in id order, with their targeting inputs; fills from `fillsFrom` (the drug
 * lookback before the year) to `fillsTo` (the year's end).
 */
export async function shardTargetInputs(
  q: Queryable,
  s: { orgId: string; first: string; next: string | null; fillsFrom: string; fillsTo: string },
): Promise<{ id: string; inputs: TargetInputs }[]> {
  return q.query<{ id: string; inputs: TargetInputs }>(
    `SELECT p.id, ${TARGET_INPUTS_SELECT} AS inputs FROM patients p
      WHERE p.org_id = $1 AND p.id >= $2::uuid AND ($3::uuid IS NULL OR p.id < $3::uuid) ORDER BY p.id`,
    [s.orgId, s.first, s.next, s.fillsFrom, s.fillsTo],
  );
}

/** A patient's DMP at-risk dates (PUT /api/patients/:id/dmp-status). */
export type DmpStatus = { atRiskOn: string | null; atRiskUntil: string | null };

export async function findDmpStatus(q: Queryable, orgId: string, patientId: string): Promise<DmpStatus | undefined> {
  const rows = await q.query<DmpStatus>(
    'SELECT dmp_at_risk_on AS "atRiskOn", dmp_at_risk_until AS "atRiskUntil" FROM patients WHERE id = $1 AND org_id = $2',
    [patientId, orgId],
  );
  return rows[0];
}

export async function setDmpStatus(q: Queryable, orgId: string, patientId: string, s: DmpStatus, now: Date): Promise<void> {
  await q.query('UPDATE patients SET dmp_at_risk_on = $3, dmp_at_risk_until = $4, updated_at = $5 WHERE id = $1 AND org_id = $2', [
    patientId, orgId, s.atRiskOn, s.atRiskUntil, now,
  ]);
}
