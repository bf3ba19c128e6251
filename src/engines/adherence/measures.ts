// The six Part D star / PQA-aligned measures for one member and one measurement year (PRODUCT.md §5.4):
// PDC-DR, PDC-RASA, PDC-STA (adherence), SUPD (statin use in diabetes), POLY-ACH (concurrent anticholinergics)
// and COB (concurrent opioid + benzodiazepine). Pure: member + settings in, one result per measure out.
// Evaluated over MemberColumns with scratch arrays owned by the caller, so a population run allocates only the
// six results per member; `evaluateMember` is the same evaluation for the readable Member shape.
import { ageOn, yearStart } from '../../domain/days.ts';
import { MEASURE_IDS, type MeasureId } from '../../domain/shapes.ts';
import { coverFills, markInpatient, type CoverageFill, type FillColumns } from './coverage.ts';
import { CLASS_COUNT, CLASS_INDEX, EXCLUSION_BIT, columnsFromMember, type MemberColumns } from './member-columns.ts';
import type { MeasureClass, MeasureSettings, Member, MemberExclusion, MemberFill } from './member.ts';
import { refillDeadlineOf, type RefillDeadline } from './refill-deadline.ts';

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

/** A result with the refill advice of an adherence measure whose period is running on `asOf` (else null). */
export type MeasureOutcome = MeasureResult & { refill: RefillDeadline | null };

export const ADHERENCE: Record<'PDC-DR' | 'PDC-RASA' | 'PDC-STA', { cls: MeasureClass; excludeIfAny?: MeasureClass }> = {
  'PDC-DR': { cls: 'diabetes-noninsulin', excludeIfAny: 'insulin' },
  'PDC-RASA': { cls: 'rasa', excludeIfAny: 'sacubitril-valsartan' },
  'PDC-STA': { cls: 'statin' },
};

const MAX_PERIOD = 366;

/** Working memory for evaluations; one per thread, reused for every member. */
export class MeasureScratch {
  readonly covered = new Uint8Array(MAX_PERIOD);
  readonly other = new Uint8Array(MAX_PERIOD);
  readonly hospital = new Uint8Array(MAX_PERIOD);
  readonly count = new Uint8Array(MAX_PERIOD);
  sel: FillColumns = fillColumns(64);
  sub: FillColumns = fillColumns(64);
  order = new Int32Array(64);
  private year: Year & { year: number } = { year: NaN, start: 0, next: 0 };

  yearOf(year: number): Year {
    if (this.year.year !== year) this.year = { year, start: yearStart(year), next: yearStart(year + 1) };
    return this.year;
  }

  /** Makes room for n fills. */
  reserve(n: number): void {
    if (this.order.length >= n) return;
    const size = Math.max(n, 2 * this.order.length);
    this.sel = fillColumns(size);
    this.sub = fillColumns(size);
    this.order = new Int32Array(size);
  }
}

function fillColumns(size: number): FillColumns {
  return { count: 0, drug: new Int32Array(size), day: new Int32Array(size), supply: new Int32Array(size) };
}

type Period = { start: number; end: number };
/** The measurement year's first day and the next year's first day, computed once per member. */
type Year = { start: number; next: number };

function yearPeriod(y: Year, m: MemberColumns): Period | undefined {
  const end = Math.min(y.next - 1, m.deathDay ?? Infinity);
  return end < y.start ? undefined : { start: y.start, end };
}

const out = (measure: MeasureId, reason: string): MeasureOutcome => ({
  measure, inDenominator: false, reason, pdc: null, coveredDays: null, periodDays: null, periodStart: null, periodEnd: null, numerator: 0, refill: null,
});

const counted = (measure: MeasureId, numerator: boolean): MeasureOutcome => ({
  measure, inDenominator: true, reason: 'in-denominator', pdc: null, coveredDays: null, periodDays: null, periodStart: null, periodEnd: null, numerator: numerator ? 1 : 0, refill: null,
});

function firstExclusion(m: MemberColumns, list: readonly MemberExclusion[]): MemberExclusion | undefined {
  return list.find((e) => (m.exclusions & EXCLUSION_BIT[e]) !== 0);
}

/** Copies the fills of class `cls` (or of `alt` too) dated within p into `into`; the class drug id becomes the drug. */
function select(m: MemberColumns, p: Period, into: FillColumns, cls: MeasureClass, alt?: MeasureClass): number {
  const c = CLASS_INDEX[cls];
  const a = alt === undefined ? -1 : CLASS_INDEX[alt];
  let n = 0;
  for (let k = 0; k < m.fillCount; k++) {
    const day = m.day[k]!;
    if (day < p.start || day > p.end) continue;
    let id = m.drug[k * CLASS_COUNT + c]!;
    if (id < 0 && a >= 0) id = m.drug[k * CLASS_COUNT + a]!;
    if (id < 0) continue;
    into.drug[n] = id;
    into.day[n] = day;
    into.supply[n] = m.supply[k]!;
    n++;
  }
  into.count = n;
  return n;
}

/** At least two fills on different days. */
function twoDays(f: FillColumns): boolean {
  for (let k = 1; k < f.count; k++) if (f.day[k] !== f.day[0]) return true;
  return false;
}

/** Enrolled without a gap of more than one day over [from, to]; true when enrollment is not known. */
function continuouslyEnrolled(m: MemberColumns, from: number, to: number): boolean {
  if (!m.enrollment) return true;
  if (m.enrollment.length === 1) {
    // One span (a members file's enroll_start/enroll_end): covers the period or leaves a gap at one end.
    const [a, b] = m.enrollment[0]!;
    return a <= from + 1 && (b === undefined || b >= to);
  }
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

function adherence(measure: keyof typeof ADHERENCE, m: MemberColumns, s: MeasureSettings, y: Year, x: MeasureScratch, asOf: number | undefined): MeasureOutcome {
  const year = yearPeriod(y, m);
  if (!year) return out(measure, 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 18) return out(measure, 'age');
  const fills = x.sel;
  select(m, year, fills, ADHERENCE[measure].cls);
  if (!twoDays(fills)) return out(measure, 'too-few-fills');
  let ipsd = fills.day[0]!;
  for (let k = 1; k < fills.count; k++) ipsd = Math.min(ipsd, fills.day[k]!);
  if (y.next - ipsd < 91) return out(measure, 'ipsd-too-late');
  const excluded = firstExclusion(m, ['hospice', 'esrd']);
  if (excluded) return out(measure, `excluded:${excluded}`);
  const other = ADHERENCE[measure].excludeIfAny;
  if (other && select(m, year, x.sub, other) > 0) return out(measure, `excluded:${other}`);
  if (s.requireContinuousEnrollment && !continuouslyEnrolled(m, ipsd, year.end)) return out(measure, 'enrollment-gap');

  const hospitalDays = m.stayCount ? markInpatient(x.hospital, ipsd, year.end, m.stays, m.stayCount) : 0;
  const hospital = hospitalDays > 0 ? x.hospital : null;
  const { coveredDays } = coverFills(fills, ipsd, year.end, { covered: x.covered, hospital, order: x.order });
  const periodDays = year.end - ipsd + 1 - hospitalDays;
  const value = periodDays === 0 ? 0 : coveredDays / periodDays;
  const running = asOf !== undefined && asOf >= ipsd && asOf <= year.end;
  return {
    measure, inDenominator: true, reason: 'in-denominator', pdc: value, coveredDays, periodDays, periodStart: ipsd, periodEnd: year.end,
    numerator: value >= s.adherenceThreshold ? 1 : 0,
    refill: running ? refillDeadlineOf({ start: ipsd, end: year.end, covered: x.covered, hospital, coveredDays, periodDays }, asOf, s.adherenceThreshold) : null,
  };
}

function supd(m: MemberColumns, s: MeasureSettings, y: Year, x: MeasureScratch): MeasureOutcome {
  const year = yearPeriod(y, m);
  if (!year) return out('SUPD', 'not-alive-in-year');
  const age = ageOn(m.birthDay, s.supdAgeAnchor === 'start-of-year' ? y.start : y.next - 1);
  if (age < 40 || age > 75) return out('SUPD', 'age');
  select(m, year, x.sel, 'diabetes-noninsulin', 'insulin');
  if (!twoDays(x.sel)) return out('SUPD', 'too-few-fills');
  const excluded = firstExclusion(m, ['hospice', 'esrd', 'rhabdomyolysis-myopathy', 'pregnancy-lactation-fertility', 'liver-disease', 'prediabetes', 'pcos']);
  if (excluded) return out('SUPD', `excluded:${excluded}`);
  return counted('SUPD', select(m, year, x.sub, 'statin') > 0);
}

/** Adds each drug's own coverage of the year to x.count (how many different drugs cover each day). */
function countDrugsPerDay(year: Period, f: FillColumns, x: MeasureScratch): void {
  const length = year.end - year.start + 1;
  x.count.fill(0, 0, length);
  const done = new Set<number>();
  for (let k = 0; k < f.count; k++) {
    const id = f.drug[k]!;
    if (done.has(id)) continue;
    done.add(id);
    let n = 0;
    for (let j = k; j < f.count; j++) {
      if (f.drug[j] !== id) continue;
      x.sub.drug[n] = id;
      x.sub.day[n] = f.day[j]!;
      x.sub.supply[n] = f.supply[j]!;
      n++;
    }
    x.sub.count = n;
    coverFills(x.sub, year.start, year.end, { covered: x.other, hospital: null, order: x.order });
    for (let i = 0; i < length; i++) x.count[i]! += x.other[i]!;
  }
}

/** Keeps in f only the fills of drugs filled on at least two different days; returns how many drugs that leaves. */
function keepRepeatedDrugs(f: FillColumns): number {
  const repeated = new Set<number>();
  for (let k = 0; k < f.count; k++) {
    for (let j = 0; j < f.count; j++) {
      if (f.drug[j] === f.drug[k] && f.day[j] !== f.day[k]) {
        repeated.add(f.drug[k]!);
        break;
      }
    }
  }
  let n = 0;
  for (let k = 0; k < f.count; k++) {
    if (!repeated.has(f.drug[k]!)) continue;
    f.drug[n] = f.drug[k]!;
    f.day[n] = f.day[k]!;
    f.supply[n] = f.supply[k]!;
    n++;
  }
  f.count = n;
  return repeated.size;
}

function polyAch(m: MemberColumns, y: Year, x: MeasureScratch): MeasureOutcome {
  const year = yearPeriod(y, m);
  if (!year) return out('POLY-ACH', 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 65) return out('POLY-ACH', 'age');
  select(m, year, x.sel, 'anticholinergic');
  const drugs = keepRepeatedDrugs(x.sel);
  if (drugs === 0) return out('POLY-ACH', 'too-few-fills');
  if (m.exclusions & EXCLUSION_BIT.hospice) return out('POLY-ACH', 'excluded:hospice');
  let concurrent = 0;
  if (drugs >= 2) {
    countDrugsPerDay(year, x.sel, x);
    for (let i = 0; i <= year.end - year.start; i++) if (x.count[i]! >= 2) concurrent++;
  }
  return counted('POLY-ACH', concurrent >= 30);
}

function cob(m: MemberColumns, y: Year, x: MeasureScratch): MeasureOutcome {
  const year = yearPeriod(y, m);
  if (!year) return out('COB', 'not-alive-in-year');
  if (ageOn(m.birthDay, year.end) < 18) return out('COB', 'age');
  const opioids = x.sel;
  select(m, year, opioids, 'opioid');
  let supply = 0;
  for (let k = 0; k < opioids.count; k++) supply += opioids.supply[k]!;
  if (!twoDays(opioids) || supply < 15) return out('COB', 'too-few-fills');
  const excluded = firstExclusion(m, ['hospice', 'cancer', 'sickle-cell', 'palliative-care']);
  if (excluded) return out('COB', `excluded:${excluded}`);
  const benzos = x.sub;
  select(m, year, benzos, 'benzodiazepine');
  if (!twoDays(benzos)) return counted('COB', false);
  // Days covered by any opioid (each drug shifted on its own) and by any benzodiazepine.
  coverFills(benzos, year.start, year.end, { covered: x.other, hospital: null, order: x.order });
  coverFills(opioids, year.start, year.end, { covered: x.covered, hospital: null, order: x.order });
  let overlap = 0;
  for (let i = 0; i <= year.end - year.start; i++) if (x.covered[i] === 1 && x.other[i] === 1) overlap++;
  return counted('COB', overlap >= 30);
}

/**
 * The six measures in MEASURES order. With `asOf`, adherence measures whose period is running that day also get
 * the last day to refill and still reach the threshold.
 */
export function evaluateColumns(m: MemberColumns, s: MeasureSettings, x: MeasureScratch, asOf?: number): MeasureOutcome[] {
  x.reserve(m.fillCount);
  const y = x.yearOf(s.year);
  return [adherence('PDC-DR', m, s, y, x, asOf), adherence('PDC-RASA', m, s, y, x, asOf), adherence('PDC-STA', m, s, y, x, asOf), supd(m, s, y, x), polyAch(m, y, x), cob(m, y, x)];
}

const shared = new MeasureScratch();

export function evaluateMember(m: Member, s: MeasureSettings, asOf?: number): MeasureOutcome[] {
  return evaluateColumns(columnsFromMember(m), s, shared, asOf);
}

/** Fills in the class within the period, as coverage fills keyed by the class ingredient (the chart's fill layout). */
export function classFills(fills: readonly MemberFill[], cls: MeasureClass, p: Period): CoverageFill[] {
  const res: CoverageFill[] = [];
  for (const f of fills) {
    const key = f.classes[cls];
    if (key !== undefined && f.day >= p.start && f.day <= p.end) res.push({ drug: key, day: f.day, daysSupply: f.daysSupply });
  }
  return res;
}
