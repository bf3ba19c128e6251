// A whole synthetic population as a lazy sequence, so 100,000 patients never sit in memory at once.
import type { PatientRecord, PrescriberRecord } from '../domain/patient-record.ts';
import { generatePatient } from './patient.ts';
import { generatePrescribers } from './prescribers.ts';

/** Bumped whenever the same (seed, index, asOf) would produce a different record. */
export const GENERATOR_VERSION = '1.0.0';
/**
 * Prescribers per population when the caller passes none. Fixed (not derived from the patient count) so that
 * patient i references the same prescribers whatever the population size.
 */
export const DEFAULT_PRESCRIBER_COUNT = 400;

export type PopulationOptions = {
  /** The prescribers patients' care teams and orders refer to; default generatePrescribers(seed, 400). */
  prescribers?: readonly PrescriberRecord[];
  /** First patient index (for sharding): patients start, start+1, … start+count-1. */
  start?: number;
};

export function* generatePopulation(seed: number, count: number, asOf: string, opts: PopulationOptions = {}): Generator<PatientRecord> {
  const prescribers = opts.prescribers ?? generatePrescribers(seed, DEFAULT_PRESCRIBER_COUNT);
  const first = opts.start ?? 0;
  for (let i = first; i < first + count; i++) yield generatePatient(seed, i, asOf, prescribers);
}

/** The member id claims are keyed by: the first (primary) coverage's. */
export function primaryMemberId(p: Pick<PatientRecord, 'coverages'> | { coverages?: readonly { memberId: string }[] }): string | null {
  return p.coverages?.[0]?.memberId ?? null;
}
