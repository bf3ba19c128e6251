// Days covered by pharmacy fills over a treatment period, by the PQA proportion-of-days-covered rules
// (PRODUCT.md §5.4; PQA PDC specification; worked examples in coverage.test.ts):
// - a fill covers its days' supply from its fill date;
// - fills of the SAME drug (same active ingredient, single or combination product) that overlap are shifted: the
//   later fill starts the day after the earlier supply runs out;
// - fills of DIFFERENT drugs are not shifted; a day covered by any of them counts once;
// - coverage is truncated at the end of the period;
// - inpatient days are taken out of the period, and supply on hand is carried past them (not used up in hospital).
//
// One algorithm, two entry points: `coverFills` works on parallel typed arrays with caller-owned scratch space, so
// the population engine covers millions of members without allocating per fill; `computeCoverage` is the readable
// object form the chart, the tests and the refill advice use. Pure: day numbers in (domain/days.ts), counts out.

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

/** Fills as parallel arrays: entry k is fill k. Arrays may be longer than `count` (reused buffers). */
export type FillColumns = { count: number; drug: Int32Array; day: Int32Array; supply: Int32Array };

/** Where coverFills writes; `covered` and `hospital` must hold at least end - start + 1 entries. */
export type CoverageTarget = {
  covered: Uint8Array;
  /** 1 on inpatient days of the period, or null when there are none (the fast path). */
  hospital: Uint8Array | null;
  /** Scratch of at least `count` entries for the fill order. */
  order: Int32Array;
  /** When given: per fill, first and last covered day, or -1/-1 when the fill covered nothing. */
  spanFrom?: Int32Array;
  spanTo?: Int32Array;
};

/** Fill a goes before fill b: by drug, then day, then input order (as a stable sort would keep equal fills). */
function before(f: FillColumns, a: number, b: number): boolean {
  const da = f.drug[a]!;
  const db = f.drug[b]!;
  if (da !== db) return da < db;
  return f.day[a]! < f.day[b]! || (f.day[a] === f.day[b] && a < b);
}

/** Sorts order[0..n) with `before`: insertion sort for the few fills a member usually has. */
function sortFills(order: Int32Array, n: number, f: FillColumns): void {
  if (n <= 48) {
    for (let i = 1; i < n; i++) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= 0 && before(f, x, order[j]!)) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
    return;
  }
  const sorted = Array.from(order.subarray(0, n)).sort((a, b) => (before(f, a, b) ? -1 : before(f, b, a) ? 1 : 0));
  order.set(sorted);
}

/**
 * Covers the period [start, end] with the fills; writes target.covered[0..end-start] (1 = covered) and returns the
 * number of covered days (inpatient days excluded) and the day after the last supplied day.
 */
export function coverFills(f: FillColumns, start: number, end: number, t: CoverageTarget): { coveredDays: number; suppliedThrough: number } {
  const length = end - start + 1;
  const { covered, hospital, order } = t;
  covered.fill(0, 0, length);
  let n = 0;
  for (let k = 0; k < f.count; k++) {
    if (t.spanFrom) {
      t.spanFrom[k] = -1;
      t.spanTo![k] = -1;
    }
    if (f.supply[k]! > 0) order[n++] = k;
  }
  sortFills(order, n, f);
  let suppliedThrough = start;
  let next = -Infinity; // first day not yet supplied for the current drug
  for (let o = 0; o < n; o++) {
    const k = order[o]!;
    if (o === 0 || f.drug[k] !== f.drug[order[o - 1]!]) next = -Infinity;
    let day = Math.max(f.day[k]!, next);
    if (hospital === null) {
      // No inpatient days: the fill covers one run of days.
      const from = Math.max(day, start);
      day += f.supply[k]!;
      const to = Math.min(day - 1, end);
      if (from <= to) {
        covered.fill(1, from - start, to - start + 1);
        if (t.spanFrom) {
          t.spanFrom[k] = from;
          t.spanTo![k] = to;
        }
      }
    } else {
      let left = f.supply[k]!;
      while (left > 0) {
        const i = day - start;
        if (i >= length) break; // truncated at period end
        if (i >= 0 && hospital[i] === 1) {
          day++; // in hospital: the patient's own supply is not used, it is carried past the stay
          continue;
        }
        if (i >= 0) {
          covered[i] = 1;
          if (t.spanFrom) {
            if (t.spanFrom[k] === -1) t.spanFrom[k] = day;
            t.spanTo![k] = day;
          }
        }
        day++;
        left--;
      }
    }
    next = day;
    if (day > suppliedThrough) suppliedThrough = Math.min(day, end + 1);
  }
  let coveredDays = 0;
  for (let i = 0; i < length; i++) coveredDays += covered[i]!;
  return { coveredDays, suppliedThrough };
}

/** Marks inpatient days of [start, end] in mask[0..]; returns the number marked (0 = no stay in the period). */
export function markInpatient(mask: Uint8Array, start: number, end: number, stays: ArrayLike<number>, stayCount: number): number {
  mask.fill(0, 0, end - start + 1);
  let marked = 0;
  for (let s = 0; s < stayCount; s++) {
    for (let d = Math.max(stays[2 * s]!, start); d <= Math.min(stays[2 * s + 1]!, end); d++) {
      if (mask[d - start] === 0) marked++;
      mask[d - start] = 1;
    }
  }
  return marked;
}

/** The same rules over objects: interns drug names and calls coverFills. */
export function computeCoverage(input: CoverageInput): Coverage {
  const { start, end } = input;
  if (end < start) throw new RangeError(`period ends (${end}) before it starts (${start})`);
  const length = end - start + 1;
  const n = input.fills.length;
  const ids = new Map<string, number>();
  const cols: FillColumns = { count: n, drug: new Int32Array(n), day: new Int32Array(n), supply: new Int32Array(n) };
  input.fills.forEach((f, k) => {
    let id = ids.get(f.drug);
    if (id === undefined) ids.set(f.drug, (id = ids.size));
    cols.drug[k] = id;
    cols.day[k] = f.day;
    cols.supply[k] = f.daysSupply;
  });
  const stays = (input.inpatient ?? []).flat();
  const mask = new Uint8Array(length);
  const hospitalDays = markInpatient(mask, start, end, stays, stays.length / 2);
  const target: CoverageTarget = {
    covered: new Uint8Array(length), hospital: hospitalDays > 0 ? mask : null, order: new Int32Array(n), spanFrom: new Int32Array(n), spanTo: new Int32Array(n),
  };
  const { coveredDays, suppliedThrough } = coverFills(cols, start, end, target);
  const spans = input.fills.map((_, k) => (target.spanFrom![k] === -1 ? null : { from: target.spanFrom![k]!, to: target.spanTo![k]! }));
  return { periodDays: length - hospitalDays, coveredDays, covered: target.covered, suppliedThrough, spans };
}

/** PDC as a fraction; 0 for an empty period. */
export function pdc(c: Pick<Coverage, 'periodDays' | 'coveredDays'>): number {
  return c.periodDays === 0 ? 0 : c.coveredDays / c.periodDays;
}
