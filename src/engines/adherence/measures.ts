// The six Part D star / PQA-aligned measures for one member and one measurement year (PRODUCT.md §5.4):
// PDC-DR, PDC-RASA, PDC-STA (adherence), SUPD (statin use in diabetes), POLY-ACH (concurrent anticholinergics)
// and COB (concurrent opioid + benzodiazepine). Pure: member + settings in, one result per measure out.
import { ageOn, yearStart } from '../../domain/days.ts';
import { MEASURE_IDS, type MeasureId } from '../../domain/shapes.ts';
import { computeCoverage, pdc, type CoverageFill } from './coverage.ts';
import type { Member, MemberExclusion, MeasureClass, MeasureSettings, MemberFill } from './member.ts';

export type { MeasureId };
export const MEASURES: readonly MeasureId[] = MEASURE_IDS;

export type MeasureResult = {
  measure: MeasureId;
  inDenominator: boolean;
  /** Why the member is in or out: 'in-denominator', 'excluded:hospice', 'too-few-fills', 'ipsd-too-late', … */
  reason: string;
  /** Adherence measures only. */
  pdc: number | null;
  coveredDays: number | null;
  periodDays: number | null;
  /** Treatment period (day numbers) of an adherence measure in the denominator: IPSD to year end or death. */
  periodStart: number | null;
  periodEnd: number | null;
  /** 1 when the numerator is met (adherent; statin received; concurrent use found), else 0. */
  numerator: 0 | 1;
};

type Period = { start: number; end: number };

function yearPeriod(s: MeasureSettings, m: Member): Period | undefined {
  const start = yearStart(s.year);
  const end = Math.min(yearStart(s.year + 1) - 1, m.deathDay ?? Infinity);
  return end < start ? undefined : { start, end };
}

const out = (measure: MeasureId, reason: string): MeasureResult => ({
  measure, inDenominator: false, reason, pdc: null, coveredDays: null, periodDays: null, periodStart: null, periodEnd: null, numerator: 0,
});

function firstExclusion(m: Member, list: readonly MemberExclusion[]): MemberExclusion | undefined {
  return list.find((e) => m.exclusions.has(e));
}

/** Fills in the class within the period, as coverage fills keyed by the class ingredient. */
export function classFills(fills: readonly MemberFill[], cls: MeasureClass, p: Period): CoverageFill[] {
  const res: CoverageFill[] = [];
  for (const f of fills) {
    const key = f.classes[cls];
    if (key !== undefined && f.day >= p.start && f.day <= p.end) res.push({ drug: key, day: f.day, daysSupply: f.daysSupply });
  }
  return res;
}

const distinctDays = (fills: readonly { day: number }[]) => new Set(fills.map((f) => f.day)).size;

/** Enrolled without a gap of more than one day over [from, to]; true when enrollment is not known. */
function continuouslyEnrolled(m: Member, from: number, to: number): boolean {
  if (!m.enrollment) return true;
  const spans = [...m.enrollment].map(([a, b]) => [a, b ?? Infinity] as const).sort((x, y) => x[0] - y[0]);
  let coveredTo = from - 1;
  for (const [a, b] of spans) {
    if (b < from) continue;
    if (a > coveredTo + 2) return false; // more than one day missing
    coveredTo = Math.max(coveredTo, b);
    if (coveredTo >= to) return true;
  }
  return coveredTo >= to;
}

export const ADHERENCE: Record<'PDC-DR' | 'PDC-RASA' | 'PDC-STA', { cls: MeasureClass; excludeIfAny?: MeasureClass }> = {
  'PDC-DR': { cls: 'diabetes-noninsulin', excludeIfAny: 'insulin' },
  'PDC-RASA': { cls: 'rasa', excludeIfAny: 'sacubitril-valsartan' },
  'PDC-STA': { cls: 'statin' },
};

function adherence(measure: keyof typeof ADHERENCE, m: Member, s: MeasureSettings): MeasureResult {
  const year = yearPeriod(s, m);
  if (!year) return out(measure, 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 18) return out(measure, 'age');
  const fills = classFills(m.fills, ADHERENCE[measure].cls, year);
  if (distinctDays(fills) < 2) return out(measure, 'too-few-fills');
  const ipsd = Math.min(...fills.map((f) => f.day));
  if (yearStart(s.year + 1) - ipsd < 91) return out(measure, 'ipsd-too-late');
  const excluded = firstExclusion(m, ['hospice', 'esrd']);
  if (excluded) return out(measure, `excluded:${excluded}`);
  const other = ADHERENCE[measure].excludeIfAny;
  if (other && classFills(m.fills, other, year).length > 0) return out(measure, `excluded:${other}`);
  if (s.requireContinuousEnrollment && !continuouslyEnrolled(m, ipsd, year.end)) return out(measure, 'enrollment-gap');
  const c = computeCoverage({ fills, start: ipsd, end: year.end, inpatient: m.inpatient });
  const value = pdc(c);
  return {
    measure, inDenominator: true, reason: 'in-denominator', pdc: value, coveredDays: c.coveredDays, periodDays: c.periodDays,
    periodStart: ipsd, periodEnd: year.end, numerator: value >= s.adherenceThreshold ? 1 : 0,
  };
}

function supd(m: Member, s: MeasureSettings): MeasureResult {
  const year = yearPeriod(s, m);
  if (!year) return out('SUPD', 'not-alive-in-year');
  const age = ageOn(m.birthDay, s.supdAgeAnchor === 'start-of-year' ? yearStart(s.year) : yearStart(s.year + 1) - 1);
  if (age < 40 || age > 75) return out('SUPD', 'age');
  const diabetes = [...classFills(m.fills, 'diabetes-noninsulin', year), ...classFills(m.fills, 'insulin', year)];
  if (distinctDays(diabetes) < 2) return out('SUPD', 'too-few-fills');
  const excluded = firstExclusion(m, ['hospice', 'esrd', 'rhabdomyolysis-myopathy', 'pregnancy-lactation-fertility', 'liver-disease', 'prediabetes', 'pcos']);
  if (excluded) return out('SUPD', `excluded:${excluded}`);
  const statin = classFills(m.fills, 'statin', year).length > 0;
  return { ...out('SUPD', 'in-denominator'), inDenominator: true, numerator: statin ? 1 : 0 };
}

/** Days on which `a` and `b` coverage (each a set of class fills) are both present; `minDrugsA` distinct drugs in a. */
function overlapDays(year: Period, a: CoverageFill[], b: CoverageFill[] | null, minDrugsA: number): number {
  const length = year.end - year.start + 1;
  const count = new Uint8Array(length);
  const drugs = new Set(a.map((f) => f.drug));
  for (const drug of drugs) {
    const c = computeCoverage({ fills: a.filter((f) => f.drug === drug), start: year.start, end: year.end });
    for (let i = 0; i < length; i++) count[i]! += c.covered[i]!;
  }
  const other = b ? computeCoverage({ fills: b, start: year.start, end: year.end }).covered : null;
  let days = 0;
  for (let i = 0; i < length; i++) if (count[i]! >= minDrugsA && (!other || other[i] === 1)) days++;
  return days;
}

/** Drugs (class keys) with at least two fills on different days. */
function repeatedDrugs(fills: CoverageFill[]): CoverageFill[] {
  const days = new Map<string, Set<number>>();
  for (const f of fills) (days.get(f.drug) ?? days.set(f.drug, new Set()).get(f.drug)!).add(f.day);
  return fills.filter((f) => days.get(f.drug)!.size >= 2);
}

function polyAch(m: Member, s: MeasureSettings): MeasureResult {
  const year = yearPeriod(s, m);
  if (!year) return out('POLY-ACH', 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 65) return out('POLY-ACH', 'age');
  const repeated = repeatedDrugs(classFills(m.fills, 'anticholinergic', year));
  if (repeated.length === 0) return out('POLY-ACH', 'too-few-fills');
  if (m.exclusions.has('hospice')) return out('POLY-ACH', 'excluded:hospice');
  const concurrent = new Set(repeated.map((f) => f.drug)).size >= 2 ? overlapDays(year, repeated, null, 2) : 0;
  return { ...out('POLY-ACH', 'in-denominator'), inDenominator: true, numerator: concurrent >= 30 ? 1 : 0 };
}

function cob(m: Member, s: MeasureSettings): MeasureResult {
  const year = yearPeriod(s, m);
  if (!year) return out('COB', 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 18) return out('COB', 'age');
  const opioids = classFills(m.fills, 'opioid', year);
  const supply = opioids.reduce((n, f) => n + f.daysSupply, 0);
  if (distinctDays(opioids) < 2 || supply < 15) return out('COB', 'too-few-fills');
  const excluded = firstExclusion(m, ['hospice', 'cancer', 'sickle-cell', 'palliative-care']);
  if (excluded) return out('COB', `excluded:${excluded}`);
  const benzos = classFills(m.fills, 'benzodiazepine', year);
  const met = distinctDays(benzos) >= 2 && overlapDays(year, opioids, benzos, 1) >= 30;
  return { ...out('COB', 'in-denominator'), inDenominator: true, numerator: met ? 1 : 0 };
}

export function evaluateMember(m: Member, s: MeasureSettings): MeasureResult[] {
  return [adherence('PDC-DR', m, s), adherence('PDC-RASA', m, s), adherence('PDC-STA', m, s), supd(m, s), polyAch(m, s), cob(m, s)];
}
