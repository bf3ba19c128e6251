// One patient's measures as a pharmacist sees them: each result, and for adherence measures the fills laid out
// after overlap shifting and the last day to refill and still reach the threshold this year.
import { ADHERENCE, classFills, evaluateMember, type MeasureResult } from './measures.ts';
import { computeCoverage } from './coverage.ts';
import type { Member, MeasureSettings } from './member.ts';
import { refillDeadline, type RefillDeadline } from './refill-deadline.ts';

export type FillLayout = { day: number; daysSupply: number; drug: string; from: number | null; to: number | null };

export type MeasureReportItem = MeasureResult & { refill: RefillDeadline | null; fills: FillLayout[] };

/** `asOf` decides whether refill advice applies (only while the period is still running). */
export function measureReport(member: Member, settings: MeasureSettings, asOf: number): MeasureReportItem[] {
  return evaluateMember(member, settings).map((r) => {
    if (!(r.measure in ADHERENCE) || !r.inDenominator || r.periodStart === null || r.periodEnd === null) return { ...r, refill: null, fills: [] };
    const period = { start: r.periodStart, end: r.periodEnd };
    const fills = classFills(member.fills, ADHERENCE[r.measure as keyof typeof ADHERENCE].cls, period);
    const input = { fills, start: period.start, end: period.end, inpatient: member.inpatient };
    const c = computeCoverage(input);
    const layout = fills.map((f, i) => ({ day: f.day, daysSupply: f.daysSupply, drug: f.drug, from: c.spans[i]?.from ?? null, to: c.spans[i]?.to ?? null }));
    const running = asOf >= period.start && asOf <= period.end;
    return { ...r, refill: running ? refillDeadline(input, asOf, settings.adherenceThreshold) : null, fills: layout };
  });
}
