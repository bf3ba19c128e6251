// What the generator knows about one synthetic patient while it builds the record: shared by the medication,
// fill and clinical-event builders so each stays a small pure function of (context, rng).
import type { PrescriberRecord } from '../domain/patient-record.ts';
import type { ConditionId, ConditionProfile, Specialty } from './catalog/conditions.ts';
import type { DrugProduct } from './catalog/drugs.ts';
import type { Pharmacy } from './prescribers.ts';
import type { Rng } from './random.ts';

export type Adherence = 'good' | 'moderate' | 'poor';

export type ChosenCondition = {
  profile: ConditionProfile;
  code: string;
  display: string;
  onsetDay: number;
};

export type PatientContext = {
  rng: Rng;
  ext: string;
  index: number;
  asOf: number;
  birthDay: number;
  age: number;
  sex: 'female' | 'male';
  /** Personal multiplier on disease and utilisation probabilities (frailty / cardiometabolic risk). */
  risk: number;
  conditions: Map<ConditionId, ChosenCondition>;
  esrd: boolean;
  /** Baseline eGFR (CKD-EPI 2021) the labs fluctuate around; drives CKD staging and metformin use. */
  egfrBase: number;
  pcp: PrescriberRecord;
  specialists: Map<Specialty, PrescriberRecord>;
  /** Last day anything can happen: asOf, or the day of death. */
  lastDay: number;
  deceasedDay: number | null;
  /** First day of the fill history and of the clinical history (12–15 and 12–18 months before asOf). */
  fillWindowStart: number;
  clinicalWindowStart: number;
  /** Fills fall inside the primary coverage so claims and enrollment agree. */
  coverageStart: number;
  coverageEnd: number | null;
  adherence: Adherence;
  lowIncomeSubsidy: boolean;
  retail: Pharmacy;
  mail: Pharmacy | null;
};

export type MedPlan = {
  product: DrugProduct;
  startDay: number | null;
  stopDay: number | null;
  stopReason: string | null;
  prescriberNpi: string | null;
  indication: string | null;
};
