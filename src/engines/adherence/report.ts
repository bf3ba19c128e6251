// One patient's measures as a pharmacist sees them: each result, and for adherence measures the fills laid out
// after overlap shifting and the last day to refill and still reach the threshold this year.
import { ADHERENCE, classFills, evaluateMember, type MeasureOutcome } from './measures.ts';
import { computeCoverage } from './coverage.ts';
import type { Member, MeasureSettings } from './member.ts';

export type FillLayout = { day: number; daysSupply: number; drug: string; from: number | null; to: number | null };

export type MeasureReportItem = MeasureOutcome & { fills: FillLayout[] };

/** `asOf` decides whether refill advice applies (only while the period is still running). */
export function measureReport(member: Member, settings: MeasureSettings, asOf: number): MeasureReportItem[] {
  return evaluateMember(member, settings, asOf).map((r) => {
    if (!(r.measure in ADHERENCE) || !r.inDenominator || r.periodStart === null || r.periodEnd === null) return { ...r, fills: [] };
    const period = { start: r.periodStart, end: r.periodEnd };
    const fills = classFills(member.fills, ADHERENCE[r.measure as keyof typeof ADHERENCE].cls, period);
    const c = computeCoverage({ fills, start: period.start, end: period.end, inpatient: member.inpatient });
    return { ...r, fills: fills.map((f, i) => ({ day: f.day, daysSupply: f.daysSupply, drug: f.drug, from: c.spans[i]?.from ?? null, to: c.spans[i]?.to ?? null })) };
  });
}
