// What panel program criteria (engines/targeting/panel.ts) need about each patient of a shard, in one statement
// (like shardTargetInputs): the medications active on the day, active conditions, the latest A1c in percent, the
// last inpatient discharge, the coverages in force, the drug cost of the paid fills in the window before the day,
// the measure engine's inputs (MEASURE_INPUTS_SELECT, the same as measure runs read) for adherence, and — only when
// the program has a DTP criterion, as screening charts is the costly part — the chart sections the screening engine
// reads (screeningChartSql, the same as the work queue's high-severity DTP items read).
import type { Queryable } from './db.ts';
import { MEASURE_INPUTS_SELECT, type MeasureInputs } from './measures.repository.ts';
import { screeningChartSql, type ScreeningChartRows } from './patients.repository.ts';

export type PanelInputs = {
  /** Medications active on the day: started on or before it (or undated) and not stopped by it. */
  medications: { id: string; rxcui: string | null; display: string; source: string }[];
  /** Active conditions with an onset on or before the day (or none recorded). */
  conditions: { system: 'icd10cm' | 'snomed'; code: string }[];
  /** The latest A1c on or before the day among the given LOINC codes and percent units; null when none. */
  a1c: { value: number; date: string } | null;
  /** End of the latest inpatient stay that ended on or before the day; null when none. */
  lastDischarge: string | null;
  /** Coverages in force on the day, latest start first. */
  coverage: { kind: string; memberId: string }[];
  /** Paid fills dated in the cost window (the day and the days before it): sum of the costs on record, how many fills, how many without a cost. */
  drugCost: { known: number; fills: number; withoutCost: number };
  measure: MeasureInputs;
  /** The screening chart sections; read only when asked for (`screen`). */
  chart?: ScreeningChartRows;
};

// A stay without an end date has not ended, so it is no discharge (as the work queue's post-discharge items read it).
// An A1c recorded in another unit (mmol/mol under a percent code) is left out rather than compared with "9%".
// Parameters: $1 first patient id, $2 organisation, $3 the day, $4 next shard's first id, $5 A1c codes, $6 A1c units,
// $7 cost window in days. $2 and $3 are where screeningChartSql expects the organisation and the day.
const panelInputsSelect = (screen: boolean) => `json_build_object(
  'medications', coalesce((SELECT json_agg(json_build_object('id', m.id, 'rxcui', m.rxcui, 'display', m.display, 'source', m.source) ORDER BY lower(m.display), m.id)
            FROM medications m WHERE m.patient_id = p.id AND (m.start_date IS NULL OR m.start_date <= $3::date)
             AND (m.stop_date IS NULL OR m.stop_date > $3::date)), '[]'::json),
  'conditions', coalesce((SELECT json_agg(json_build_object('system', d.code_system, 'code', d.code))
            FROM conditions d WHERE d.patient_id = p.id AND d.clinical_status = 'active' AND (d.onset_date IS NULL OR d.onset_date <= $3::date)), '[]'::json),
  'a1c', (SELECT json_build_object('value', o.value_num::float8, 'date', o.effective_date) FROM observations o
            WHERE o.patient_id = p.id AND o.loinc = ANY($5::text[]) AND o.value_num IS NOT NULL AND (o.unit IS NULL OR o.unit = ANY($6::text[]))
              AND o.effective_date <= $3::date ORDER BY o.effective_date DESC, o.created_at DESC LIMIT 1),
  'lastDischarge', (SELECT max(e.end_date) FROM encounters e WHERE e.patient_id = p.id AND e.kind = 'inpatient' AND e.end_date <= $3::date),
  'coverage', coalesce((SELECT json_agg(json_build_object('kind', c.kind, 'memberId', c.member_id) ORDER BY c.start_date DESC, c.member_id)
            FROM coverages c WHERE c.patient_id = p.id AND c.start_date <= $3::date AND (c.end_date IS NULL OR c.end_date >= $3::date)), '[]'::json),
  'drugCost', (SELECT json_build_object('known', coalesce(sum(f.total_cost), 0)::float8, 'fills', count(*)::int, 'withoutCost', (count(*) - count(f.total_cost))::int)
            FROM fills f WHERE f.patient_id = p.id AND f.claim_status = 'paid' AND f.fill_date > $3::date - $7::int AND f.fill_date <= $3::date),
  'measure', ${MEASURE_INPUTS_SELECT}${screen ? `,
  'chart', ${screeningChartSql('p.id')}` : ''}
)`;
const PANEL_INPUTS_SQL = (screen: boolean) => `SELECT p.id, ${panelInputsSelect(screen)} AS inputs FROM patients p
  WHERE p.org_id = $2 AND p.id >= $1::uuid AND ($4::uuid IS NULL OR p.id < $4::uuid) ORDER BY p.id`;
const WITHOUT_CHART = PANEL_INPUTS_SQL(false);
const WITH_CHART = PANEL_INPUTS_SQL(true);

/** Patients of one shard, [first, next) in id order, with what panel criteria read about them on `day`. */
export async function shardPanelInputs(
  q: Queryable,
  s: {
    orgId: string; first: string; next: string | null; day: string; a1cLoinc: readonly string[]; a1cUnits: readonly string[];
    costWindowDays: number; screen: boolean;
  },
): Promise<{ id: string; inputs: PanelInputs }[]> {
  return q.query<{ id: string; inputs: PanelInputs }>(s.screen ? WITH_CHART : WITHOUT_CHART, [s.first, s.orgId, s.day, s.next, s.a1cLoinc, s.a1cUnits, s.costWindowDays]);
}
