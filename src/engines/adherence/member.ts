// What the measure engine knows about one member for one measurement year. Built by importers (claims files,
// the database); the engine never looks anything up itself.

/** Measure classes of the open PQA-aligned lists (src/knowledge) or a licensed value-set file. */
import type { MeasureClass } from '../../knowledge/measure-class-ingredients.ts';

export type { MeasureClass };

export type MemberFill = {
  day: number;
  daysSupply: number;
  /**
   * For each class the product belongs to, the active ingredient(s) that put it there, joined with "/", e.g.
   * lisinopril/hydrochlorothiazide → { rasa: 'lisinopril' }. Same key = same drug for overlap shifting, which is
   * how a single-ingredient product and a combination containing it count as one drug.
   */
  classes: Partial<Record<MeasureClass, string>>;
};

/** Clinical exclusions known from diagnoses or enrollment files; absent means "not known to apply". */
export const MEMBER_EXCLUSIONS = [
  'hospice',
  'esrd',
  'cancer',
  'sickle-cell',
  'palliative-care',
  'rhabdomyolysis-myopathy',
  'pregnancy-lactation-fertility',
  'liver-disease',
  'prediabetes',
  'pcos',
] as const;

export type MemberExclusion = (typeof MEMBER_EXCLUSIONS)[number];

export type Member = {
  id: string;
  birthDay: number;
  deathDay?: number | undefined;
  /** Enrollment spans [start, end] inclusive (end undefined = open). Undefined = enrollment not known. */
  enrollment?: readonly (readonly [number, number | undefined])[] | undefined;
  exclusions: ReadonlySet<MemberExclusion>;
  /** Paid claims only (reversals already netted out by the importer). */
  fills: readonly MemberFill[];
  inpatient: readonly (readonly [number, number])[];
};

export type MeasureSettings = {
  year: number;
  /** Adherent at or above this PDC. */
  adherenceThreshold: number;
  /** CMS since measurement year 2024: a gap of more than one day in enrollment excludes from adherence measures. */
  requireContinuousEnrollment: boolean;
  /** Where age is measured for SUPD: CMS anchors it at the start of the year from 2024, others at the end. */
  supdAgeAnchor: 'start-of-year' | 'end-of-year';
};

export const DEFAULT_SETTINGS: Omit<MeasureSettings, 'year'> = {
  adherenceThreshold: 0.8,
  requireContinuousEnrollment: true,
  supdAgeAnchor: 'start-of-year',
};
