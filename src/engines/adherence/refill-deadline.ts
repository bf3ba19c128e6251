// "By which date must this patient refill to still reach the adherence threshold this year?"
// Assumes what the fills on hand already cover, then continuous coverage from the refill day to the period end
// (one refill followed by on-time refills). Inpatient days are outside the period, as in the PDC itself.
import { computeCoverage, type CoverageInput } from './coverage.ts';

export type RefillDeadline =
  | { status: 'already-adherent'; coveredDays: number; neededDays: number }
  | { status: 'refill-by'; lastDay: number; coveredDays: number; neededDays: number }
  | { status: 'cannot-reach'; coveredDays: number; neededDays: number; bestPdc: number };

/**
 * @param asOf  today: a refill cannot happen before it.
 * @param threshold  e.g. 0.8 (PQA adherence).
 */
export function refillDeadline(input: CoverageInput, asOf: number, threshold: number): RefillDeadline {
  const c = computeCoverage(input);
  const neededDays = Math.ceil(threshold * c.periodDays - 1e-9);
  if (c.coveredDays >= neededDays) return { status: 'already-adherent', coveredDays: c.coveredDays, neededDays };

  // Walk back from the period end: refilling on day d adds every non-inpatient, not-yet-covered day from d on.
  // The latest d whose gain closes the gap is the deadline; it cannot be before today.
  const gap = neededDays - c.coveredDays;
  const hospital = new Set<number>();
  for (const [a, b] of input.inpatient ?? []) for (let d = a; d <= b; d++) hospital.add(d);
  let gained = 0;
  for (let d = input.end; d >= input.start; d--) {
    if (!hospital.has(d) && c.covered[d - input.start] === 0) gained++;
    if (gained >= gap) {
      if (d < asOf) break;
      return { status: 'refill-by', lastDay: d, coveredDays: c.coveredDays, neededDays };
    }
  }
  // Best case: refill today and stay covered to the end.
  let best = c.coveredDays;
  for (let d = Math.max(asOf, input.start); d <= input.end; d++) if (!hospital.has(d) && c.covered[d - input.start] === 0) best++;
  return { status: 'cannot-reach', coveredDays: c.coveredDays, neededDays, bestPdc: c.periodDays ? best / c.periodDays : 0 };
}
