// A database targeting run's stored results as CSV. Part D: `openmtm target`'s output layout (targetLine) with one
// more column, `patient_id`, last: a patient without coverage has no member id to find them by. Panel programs:
// `patient_id,member_id,qualifies,criteria` (docs/targeting.md).
import { toDay } from '../domain/days.ts';
import type { TargetResultRow } from '../domain/targeting.ts';
import { TARGET_OUTPUT_HEADER, csvCell, targetLine } from './target-files.ts';

export function targetResultsCsv(rows: readonly TargetResultRow[]): string {
  const lines = [`${TARGET_OUTPUT_HEADER},patient_id\n`];
  for (const r of rows) {
    const line = targetLine({
      memberId: r.memberId ?? '', eligible: r.eligible, reason: r.reason ?? '', dateMet: r.dateMet === null ? undefined : toDay(r.dateMet),
      coreDiseases: r.coreDiseases, drugCount: r.drugCount, annualCost: r.annualCost, evaluatedDay: r.evaluatedOn === null ? undefined : toDay(r.evaluatedOn),
      notes: r.notes,
    });
    lines.push(`${line.slice(0, -1)},${r.patientId}\n`);
  }
  return lines.join('');
}

export const PANEL_OUTPUT_HEADER = 'patient_id,member_id,qualifies,criteria';

const QUALIFIES = { qualifies: '1', not: '0', 'could-not-assess': 'could-not-assess' } as const;

/**
 * A panel run's results: `qualifies` is 1 or 0 like Part D's `eligible`, or `could-not-assess`; `criteria` lists
 * every criterion as `criterion:status` (met, not-met, could-not-assess) joined with `;`, in the program's order,
 * after the `living` and `coverage` checks that apply. The reasons in words are in the API's member list.
 */
export function panelResultsCsv(rows: readonly TargetResultRow[]): string {
  const lines = [`${PANEL_OUTPUT_HEADER}\n`];
  for (const r of rows) {
    const criteria: string[] = [];
    for (const o of r.outcomes ?? []) criteria.push(`${o.criterion}:${o.status}`);
    lines.push(`${r.patientId},${csvCell(r.memberId ?? '')},${r.decision === null ? '' : QUALIFIES[r.decision]},${criteria.join(';')}\n`);
  }
  return lines.join('');
}
