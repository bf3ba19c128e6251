import type { PatientSpec } from './patient.ts';

/** One golden case: a patient, and the findings that must (or must not) appear. */
export type GoldenCase = {
  name: string;
  ruleId: string;
  patient: PatientSpec;
  asOf?: string;
  /** 'none' = the rule must not report anything for this patient. */
  expect: 'problem' | 'could-not-assess' | 'none';
  /** When given, the finding's drugs must equal this list (sorted ingredient names). */
  drugs?: string[];
  severity?: 'high' | 'moderate' | 'low';
  /** Text the finding's summary or facts must contain (e.g. a computed CrCl). */
  mentions?: string;
  /** How many findings of this rule (any status) the patient must get. */
  count?: number;
};
