// What the measure engine needs about one patient, in one prepared statement.
import type { Queryable } from './db.ts';

export type MeasureInputs = {
  birthDate: string;
  deceasedDate: string | null;
  fills: { fillDate: string; daysSupply: number; rxcui: string | null; ndc: string | null }[];
  inpatient: { startDate: string; endDate: string | null }[];
  /** Drug coverage spans (enrollment for the continuous-enrollment rule), with their kind: see memberFromRecord. */
  enrollment: { startDate: string; endDate: string | null; kind: string }[];
  icd10: string[];
  /** Home palliative-care (Z51.5) encounters: the stand-in for hospice until hospice enrollment is stored. */
  hospiceEncounter: boolean;
};

/** The JSON object of measure inputs for the patient row `p`. */
export const MEASURE_INPUTS_SELECT = `json_build_object(
  'birthDate', p.birth_date, 'deceasedDate', p.deceased_date,
  'fills', coalesce((SELECT json_agg(json_build_object('fillDate', f.fill_date, 'daysSupply', f.days_supply, 'rxcui', f.rxcui, 'ndc', f.ndc) ORDER BY f.fill_date)
            FROM fills f WHERE f.patient_id = p.id AND f.claim_status = 'paid'), '[]'::json),
  'inpatient', coalesce((SELECT json_agg(json_build_object('startDate', e.start_date, 'endDate', e.end_date))
            FROM encounters e WHERE e.patient_id = p.id AND e.kind = 'inpatient'), '[]'::json),
  'enrollment', coalesce((SELECT json_agg(json_build_object('startDate', c.start_date, 'endDate', c.end_date, 'kind', c.kind))
            FROM coverages c WHERE c.patient_id = p.id AND c.kind <> 'medicare_part_b'), '[]'::json),
  'icd10', coalesce((SELECT json_agg(d.code) FROM conditions d WHERE d.patient_id = p.id AND d.code_system = 'icd10cm'), '[]'::json),
  'hospiceEncounter', EXISTS (SELECT 1 FROM encounters e WHERE e.patient_id = p.id AND e.kind = 'home' AND e.reason_code = 'Z51.5')
)`;

const SQL = `SELECT ${MEASURE_INPUTS_SELECT} AS inputs
FROM patients p WHERE p.id = $1 AND p.org_id = $2`;

export async function loadMeasureInputs(q: Queryable, orgId: string, patientId: string): Promise<MeasureInputs | undefined> {
  const rows = await q.query<{ inputs: MeasureInputs }>(SQL, [patientId, orgId], { prepare: 'patient_measure_inputs' });
  return rows[0]?.inputs;
}
