// A database targeting run's stored results as CSV, in `openmtm target`'s output layout (targetLine) with one more
// column, `patient_id`, last: a patient without coverage has no member id to find them by.
import { toDay } from '../domain/days.ts';
import type { TargetResultRow } from '../domain/targeting.ts';
import { TARGET_OUTPUT_HEADER, targetLine } from './target-files.ts';

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
