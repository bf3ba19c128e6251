// Days covered by pharmacy fills over a treatment period, by the PQA proportion-of-days-covered rules
// (PRODUCT.md §5.4; PQA PDC specification; worked examples in pdc.test.ts):
// - a fill covers its days' supply from its fill date;
// - fills of the SAME drug (same active ingredient, single or combination product) that overlap are shifted: the
//   later fill starts the day after the earlier supply runs out;
// - fills of DIFFERENT drugs are not shifted; a day covered by any of them counts once;
// - coverage is truncated at the end of the period;
// - inpatient days are taken out of the period, and supply on hand is carried past them (not used up in hospital).
// Pure: day numbers in (see domain/days.ts), counts out. Typed arrays, no allocation per day.

export type CoverageFill = {
  /** What counts as "the same drug" for shifting: the active ingredient (e.g. an RxNorm IN code or name). */
  drug: string;
  /** Fill (service) date as a day number. */
  day: number;
  daysSupply: number;
};

export type CoverageInput = {
  fills: readonly CoverageFill[];
  /** First and last day of the treatment period, inclusive. */
  start: number;
  end: number;
  /** Inpatient stays, [admit, discharge] inclusive day numbers. */
  inpatient?: readonly (readonly [number, number])[];
};

export type Coverage = {
  /** Days in the period, inpatient days removed. */
  periodDays: number;
  /** Days in the period covered by at least one drug, inpatient days removed. */
  coveredDays: number;
  /** covered[i] = 1 when day start+i is covered (inpatient days are 0). */
  covered: Uint8Array;
  /** Day after the last covered day from the fills on hand (start when nothing is covered). */
  suppliedThrough: number;
  /** Per input fill (same order): first and last day it covered inside the period after shifting, or null. */
  spans: ({ from: number; to: number } | null)[];
};

/** Marks which days of [start, end] are inpatient days. */
function inpatientMask(start: number, end: number, stays: CoverageInput['inpatient']): Uint8Array {
  const mask = new Uint8Array(end - start + 1);
  for (const [admit, discharge] of stays ?? []) {
    for (let d = Math.max(admit, start); d <= Math.min(discharge, end); d++) mask[d - start] = 1;
  }
  return mask;
}

export function computeCoverage(input: CoverageInput): Coverage {
  const { start, end } = input;
  if (end < start) throw new RangeError(`period ends (${end}) before it starts (${start})`);
  const length = end - start + 1;
  const hospital = inpatientMask(start, end, input.inpatient);
  const covered = new Uint8Array(length);
  let suppliedThrough = start;

  const spans: Coverage['spans'] = input.fills.map(() => null);
  const byDrug = new Map<string, { f: CoverageFill; i: number }[]>();
  input.fills.forEach((f, i) => {
    if (!(f.daysSupply > 0)) return;
    const list = byDrug.get(f.drug);
    if (list) list.push({ f, i });
    else byDrug.set(f.drug, [{ f, i }]);
  });
  for (const fills of byDrug.values()) {
    fills.sort((a, b) => a.f.day - b.f.day);
    // `next` is the first day not yet supplied for this drug; a fill starts at its date or at `next`, later of the two.
    let next = -Infinity;
    for (const { f, i: index } of fills) {
      let day = Math.max(f.day, next);
      let left = f.daysSupply;
      while (left > 0) {
        const i = day - start;
        if (i >= length) break; // truncated at period end
        if (i >= 0 && hospital[i] === 1) {
          day++; // in hospital: the patient's own supply is not used, it is carried past the stay
          continue;
        }
        if (i >= 0) {
          covered[i] = 1;
          const span = spans[index];
          if (span) span.to = day;
          else spans[index] = { from: day, to: day };
        }
        day++;
        left--;
      }
      next = day;
      if (day > suppliedThrough) suppliedThrough = Math.min(day, end + 1);
    }
  }

  let periodDays = 0;
  let coveredDays = 0;
  for (let i = 0; i < length; i++) {
    if (hospital[i] === 1) continue;
    periodDays++;
    coveredDays += covered[i]!;
  }
  return { periodDays, coveredDays, covered, suppliedThrough, spans };
}

/** PDC as a fraction; 0 for an empty period. */
export function pdc(c: Pick<Coverage, 'periodDays' | 'coveredDays'>): number {
  return c.periodDays === 0 ? 0 : c.coveredDays / c.periodDays;
}
