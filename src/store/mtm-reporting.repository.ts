// What the CMS MTM reporting fields are derived from (issue 6 item 8): per patient and year, the Part D program
// enrollments, Part D coverages, MTM encounters (with intervention counts) and evidence of CMR offers. One
// statement per batch of patients; every subquery is scoped by the patient's organisation.
import type { BeneficiarySource } from '../engines/reporting/mtm-beneficiary.ts';
import type { Queryable } from './db.ts';

const day = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD')`;
const utcDay = (expr: string) => day(`(${expr} AT TIME ZONE 'UTC')::date`);

// $1 org, $2 year, $3 first day, $4 last day, $5 start instant, $6 end instant (exclusive), $7 patient ids.
const SOURCE_SQL = `SELECT json_build_object(
  'patientId', p.id, 'firstName', p.first_name, 'lastName', p.last_name, 'birthDate', ${day('p.birth_date')},
  'cognitiveImpairment', p.cognitive_impairment, 'longTermCare', p.long_term_care,
  'enrollments', coalesce((SELECT json_agg(json_build_object(
      'programName', g.name, 'programContract', g.criteria->>'contract', 'enrolledOn', ${day('e.enrolled_on')},
      'optedOutOn', ${day('e.opted_out_on')}, 'optOutReason', e.opt_out_reason) ORDER BY e.enrolled_on, e.id)
    FROM enrollments e JOIN programs g ON g.id = e.program_id AND g.org_id = e.org_id
    WHERE e.patient_id = p.id AND e.org_id = p.org_id AND g.kind = 'partd' AND g.year = $2), '[]'::json),
  'coverages', coalesce((SELECT json_agg(json_build_object(
      'contractId', c.contract_id, 'pbpId', c.pbp_id, 'memberId', c.member_id, 'startDate', ${day('c.start_date')},
      'endDate', ${day('c.end_date')}) ORDER BY c.start_date DESC, c.id)
    FROM coverages c WHERE c.patient_id = p.id AND c.org_id = p.org_id AND c.kind = 'medicare_part_d'
      AND c.start_date <= $4::date AND (c.end_date IS NULL OR c.end_date >= $3::date)), '[]'::json),
  'encounters', coalesce((SELECT json_agg(json_build_object(
      'kind', m.kind, 'status', m.status, 'date', ${utcDay('m.created_at')}, 'deliveryMethod', m.delivery_method,
      'recipient', m.recipient, 'cognitiveImpairment', m.cognitive_impairment, 'longTermCare', m.long_term_care,
      'takeawaySentAt', ${day('m.takeaway_sent_at')},
      'prescriberRecommendations', (SELECT count(*)::int FROM mtm_interventions i WHERE i.encounter_id = m.id AND i.kind = 'prescriber-recommendation'),
      'cpaChanges', (SELECT count(*)::int FROM mtm_interventions i WHERE i.encounter_id = m.id AND i.kind = 'cpa-change'))
      ORDER BY m.created_at, m.id)
    FROM mtm_encounters m WHERE m.patient_id = p.id AND m.org_id = p.org_id
      AND m.created_at >= $5::timestamptz AND m.created_at < $6::timestamptz), '[]'::json),
  'cmrOfferDays', coalesce((SELECT json_agg(x.d ORDER BY x.d) FROM (
      SELECT ${utcDay('w.created_at')} AS d FROM work_items w
       WHERE w.patient_id = p.id AND w.org_id = p.org_id AND w.kind = 'cmr' AND w.created_at >= $5::timestamptz AND w.created_at < $6::timestamptz
      UNION
      SELECT ${utcDay('o.at')} FROM outreach_attempts o JOIN work_items w ON w.id = o.work_item_id
       WHERE o.patient_id = p.id AND o.org_id = p.org_id AND w.kind = 'cmr' AND o.at >= $5::timestamptz AND o.at < $6::timestamptz) x), '[]'::json)
) AS src
FROM patients p WHERE p.org_id = $1 AND p.id = ANY($7::uuid[])
ORDER BY lower(p.last_name), lower(p.first_name), p.birth_date, p.id`;

function yearParams(year: number) {
  return [year, `${year}-01-01`, `${year}-12-31`, `${year}-01-01T00:00:00Z`, `${year + 1}-01-01T00:00:00Z`];
}

/** The reporting sources of the given patients of an organisation for one year, ordered by name. */
export async function loadBeneficiarySources(q: Queryable, orgId: string, year: number, patientIds: readonly string[]): Promise<BeneficiarySource[]> {
  if (patientIds.length === 0) return [];
  const rows = await q.query<{ src: BeneficiarySource }>(SOURCE_SQL, [orgId, ...yearParams(year), patientIds]);
  return rows.map((r) => r.src);
}

/**
 * Patients enrolled in a Part D program of `year` that may report under `contract`: the program names the contract,
 * or names none and the patient has a Part D coverage under it during the year. (The engine makes the final call.)
 */
export async function reportCandidates(q: Queryable, orgId: string, contract: string, year: number): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT DISTINCT e.patient_id AS id FROM enrollments e JOIN programs g ON g.id = e.program_id AND g.org_id = e.org_id
      WHERE e.org_id = $1 AND g.kind = 'partd' AND g.year = $2
        AND (g.criteria->>'contract' = $3 OR (g.criteria->>'contract' IS NULL AND EXISTS (
          SELECT 1 FROM coverages c WHERE c.patient_id = e.patient_id AND c.org_id = e.org_id AND c.kind = 'medicare_part_d'
             AND c.contract_id = $3 AND c.start_date <= $5::date AND (c.end_date IS NULL OR c.end_date >= $4::date))))
      ORDER BY 1`,
    [orgId, year, contract, `${year}-01-01`, `${year}-12-31`],
  );
  return rows.map((r) => r.id);
}
