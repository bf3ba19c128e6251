// "By which date must this patient refill to still reach the adherence threshold this year?"
// Assumes what the fills on hand already cover, then continuous coverage from the refill day to the period end
// (one refill followed by on-time refills). Inpatient days are outside the period, as in the PDC itself.
import { computeCoverage, markInpatient, type CoverageInput } from './coverage.ts';

export type RefillDeadline =
  | { status: 'already-adherent'; coveredDays: number; neededDays: number }
  | { status: 'refill-by'; lastDay: number; coveredDays: number; neededDays: number }
  | { status: 'cannot-reach'; coveredDays: number; neededDays: number; bestPdc: number };

/** A period already covered: `covered`/`hospital` index day start+i (hospital null = no inpatient days). */
export type CoveredPeriod = { start: number; end: number; covered: Uint8Array; hospital: Uint8Array | null; coveredDays: number; periodDays: number };

/** The deadline from a coverage already computed (the population engine reuses the measure's own coverage). */
export function refillDeadlineOf(p: CoveredPeriod, asOf: number, threshold: number): RefillDeadline {
  const { start, end, covered, hospital, coveredDays } = p;
  const neededDays = Math.ceil(threshold * p.periodDays - 1e-9);
  if (coveredDays >= neededDays) return { status: 'already-adherent', coveredDays, neededDays };

  // Walk back from the period end: refilling on day d adds every non-inpatient, not-yet-covered day from d on.
  // The latest d whose gain closes the gap is the deadline; it cannot be before today.
  const gap = neededDays - coveredDays;
  let gained = 0;
  for (let d = end; d >= start; d--) {
    if (covered[d - start] === 0 && (hospital === null || hospital[d - start] === 0)) gained++;
    if (gained >= gap) {
      if (d < asOf) break;
      return { status: 'refill-by', lastDay: d, coveredDays, neededDays };
    }
  }
  // Best case: refill today and stay covered to the end.
  let best = coveredDays;
  for (let d = Math.max(asOf, start); d <= end; d++) if (covered[d - start] === 0 && (hospital === null || hospital[d - start] === 0)) best++;
  return { status: 'cannot-reach', coveredDays, neededDays, bestPdc: p.periodDays ? best / p.periodDays : 0 };
}

/**
 * @param asOf  today: a refill cannot happen before it.
 * @param threshold  e.g. 0.8 (PQA adherence).
 */
export function refillDeadline(input: CoverageInput, asOf: number, threshold: number): RefillDeadline {
  const c = computeCoverage(input);
  const stays = (input.inpatient ?? []).flat();
  const hospital = new Uint8Array(input.end - input.start + 1);
  const marked = markInpatient(hospital, input.start, input.end, stays, stays.length / 2);
  return refillDeadlineOf({ ...input, covered: c.covered, hospital: marked ? hospital : null, coveredDays: c.coveredDays, periodDays: c.periodDays }, asOf, threshold);
}
