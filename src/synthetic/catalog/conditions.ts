// Chronic-disease profiles for synthetic adults aged 50–95: ICD-10-CM code, prevalence by age band, co-occurrence,
// usual drug therapy (with alternatives) and monitored labs.
//
// Provenance: prevalences are rounded from published US figures for Medicare beneficiaries and older adults
// (CMS Chronic Conditions Data Warehouse prevalence tables; CDC NHANES/NHIS summaries) and deliberately simplified:
// they make a realistic-looking mix, they are not epidemiology. Therapy weights follow common US prescribing
// patterns (first-line ACE inhibitor/ARB/CCB/thiazide, statins, metformin first, DOACs over warfarin) so the mix
// contains both guideline care and the gaps and risks a pharmacist looks for. ICD-10-CM codes are FY2025 codes.
// Changelog: v1 initial profiles.
import type { Weighted } from '../random.ts';

export type ConditionId =
  | 'hypertension' | 'diabetes' | 'hyperlipidemia' | 'cad' | 'ckd3' | 'af' | 'hf' | 'copd' | 'asthma' | 'depression'
  | 'anxiety' | 'insomnia' | 'osteoarthritis' | 'chronic_pain' | 'osteoporosis' | 'hypothyroidism' | 'gerd'
  | 'dementia' | 'bph' | 'oab' | 'gout';

export type Specialty =
  | 'Internal Medicine' | 'Family Medicine' | 'Geriatric Medicine' | 'Cardiology' | 'Endocrinology' | 'Nephrology'
  | 'Pulmonology' | 'Psychiatry';

export type LabPanel = 'a1c' | 'lipids' | 'renal' | 'tsh';

export type TherapyStep = { p: number; pick: Weighted<string> };

export type ConditionProfile = {
  id: ConditionId;
  /** ICD-10-CM code and display; alternatives are picked by weight. */
  codes: Weighted<readonly [code: string, display: string]>;
  /** Probability by age band 50–64, 65–74, 75–84, 85+ (before sex factor, boosts and the patient's risk factor). */
  prevalence: readonly [number, number, number, number];
  female?: number;
  male?: number;
  /** Multipliers when the patient already has an earlier condition in PROFILES (the list order matters). */
  boosts?: Partial<Record<ConditionId, number>>;
  therapy: readonly TherapyStep[];
  specialist?: readonly [Specialty, number];
  labs?: readonly LabPanel[];
};

const c = (code: string, display: string) => [code, display] as const;

export const PROFILES: readonly ConditionProfile[] = [
  {
    id: 'hypertension',
    codes: [[c('I10', 'Essential (primary) hypertension'), 1]],
    prevalence: [0.52, 0.66, 0.74, 0.78],
    therapy: [
      { p: 0.95, pick: [['lisinopril-10', 24], ['lisinopril-20', 12], ['losartan-50', 18], ['losartan-100', 6], ['benazepril-20', 4], ['valsartan-160', 5], ['olmesartan-20', 4], ['amlodipine-5', 15], ['hctz-25', 6]] },
      { p: 0.8, pick: [['amlodipine-5', 20], ['amlodipine-10', 10], ['hctz-25', 18], ['chlorthalidone-25', 10], ['metoprolol-succ-50', 16], ['metoprolol-tart-25', 10], ['losartan-50', 8], ['lisinopril-20', 8]] },
      { p: 0.45, pick: [['hctz-25', 3], ['chlorthalidone-25', 2], ['metoprolol-succ-50', 3], ['carvedilol-12.5', 2], ['spironolactone-25', 2], ['hydralazine-25', 1], ['doxazosin-4', 1], ['diltiazem-er-180', 1]] },
    ],
    specialist: ['Cardiology', 0.08],
    labs: ['renal'],
  },
  {
    id: 'diabetes',
    codes: [[c('E11.9', 'Type 2 diabetes mellitus without complications'), 7], [c('E11.65', 'Type 2 diabetes mellitus with hyperglycemia'), 3]],
    prevalence: [0.13, 0.2, 0.21, 0.18],
    boosts: { hypertension: 1.3 },
    therapy: [
      { p: 0.85, pick: [['metformin-500', 25], ['metformin-1000', 25], ['metformin-er-500', 15]] },
      { p: 0.58, pick: [['glipizide-5', 28], ['glimepiride-2', 18], ['sitagliptin-100', 14], ['empagliflozin-10', 15], ['dapagliflozin-10', 8], ['pioglitazone-30', 5], ['semaglutide-oral-7', 5], ['dulaglutide-1.5', 10]] },
      { p: 0.25, pick: [['glargine-pen', 40], ['empagliflozin-10', 15], ['dulaglutide-1.5', 15], ['sitagliptin-100', 10], ['glipizide-5', 10]] },
      // Statin for diabetes aged 40–75 (the SUPD measure), whether or not hyperlipidemia is coded.
      { p: 0.6, pick: [['atorvastatin-20', 40], ['atorvastatin-40', 25], ['rosuvastatin-10', 20], ['simvastatin-40', 15]] },
    ],
    specialist: ['Endocrinology', 0.2],
    labs: ['a1c', 'lipids', 'renal'],
  },
  {
    id: 'hyperlipidemia',
    codes: [[c('E78.5', 'Hyperlipidemia, unspecified'), 6], [c('E78.00', 'Pure hypercholesterolemia, unspecified'), 2], [c('E78.2', 'Mixed hyperlipidemia'), 2]],
    prevalence: [0.46, 0.58, 0.6, 0.52],
    boosts: { diabetes: 1.35, hypertension: 1.1 },
    therapy: [
      { p: 0.9, pick: [['atorvastatin-20', 28], ['atorvastatin-40', 20], ['atorvastatin-80', 5], ['rosuvastatin-10', 12], ['rosuvastatin-20', 6], ['simvastatin-20', 6], ['simvastatin-40', 8], ['pravastatin-40', 9]] },
      { p: 0.08, pick: [['ezetimibe-10', 1]] },
    ],
    labs: ['lipids'],
  },
  {
    id: 'cad',
    codes: [[c('I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris'), 1]],
    prevalence: [0.06, 0.12, 0.17, 0.2],
    male: 1.5,
    female: 0.7,
    boosts: { hyperlipidemia: 1.5, diabetes: 1.4, hypertension: 1.3 },
    therapy: [
      { p: 0.7, pick: [['aspirin-81', 1]] },
      { p: 0.22, pick: [['clopidogrel-75', 1]] },
      { p: 0.75, pick: [['atorvastatin-40', 40], ['atorvastatin-80', 30], ['rosuvastatin-20', 30]] },
      { p: 0.55, pick: [['metoprolol-succ-50', 60], ['metoprolol-tart-25', 25], ['carvedilol-12.5', 15]] },
    ],
    specialist: ['Cardiology', 0.55],
    labs: ['lipids'],
  },
  {
    id: 'ckd3',
    codes: [[c('N18.30', 'Chronic kidney disease, stage 3 unspecified'), 1]],
    prevalence: [0.06, 0.11, 0.18, 0.26],
    boosts: { hypertension: 1.4, diabetes: 1.8 },
    therapy: [{ p: 0.25, pick: [['dapagliflozin-10', 2], ['empagliflozin-10', 1]] }],
    specialist: ['Nephrology', 0.3],
    labs: ['renal'],
  },
  {
    id: 'af',
    codes: [[c('I48.91', 'Unspecified atrial fibrillation'), 6], [c('I48.20', 'Chronic atrial fibrillation, unspecified'), 2], [c('I48.0', 'Paroxysmal atrial fibrillation'), 2]],
    prevalence: [0.02, 0.06, 0.1, 0.15],
    boosts: { hypertension: 1.3 },
    therapy: [
      { p: 0.8, pick: [['apixaban-5', 45], ['rivaroxaban-20', 20], ['warfarin-5', 22]] },
      { p: 0.7, pick: [['metoprolol-succ-50', 50], ['diltiazem-er-180', 30], ['digoxin-0.125', 10]] },
    ],
    specialist: ['Cardiology', 0.6],
    labs: ['renal'],
  },
  {
    id: 'hf',
    codes: [[c('I50.22', 'Chronic systolic (congestive) heart failure'), 5], [c('I50.32', 'Chronic diastolic (congestive) heart failure'), 4], [c('I50.9', 'Heart failure, unspecified'), 2]],
    prevalence: [0.03, 0.07, 0.12, 0.19],
    boosts: { hypertension: 1.6, af: 2.2, cad: 2 },
    therapy: [
      { p: 0.85, pick: [['furosemide-40', 50], ['furosemide-20', 25], ['torsemide-20', 25]] },
      { p: 0.7, pick: [['carvedilol-12.5', 50], ['metoprolol-succ-50', 50]] },
      { p: 0.65, pick: [['sacubitril-valsartan', 30], ['lisinopril-10', 30], ['losartan-50', 40]] },
      { p: 0.35, pick: [['spironolactone-25', 1]] },
      { p: 0.3, pick: [['empagliflozin-10', 1], ['dapagliflozin-10', 1]] },
      { p: 0.3, pick: [['potassium-chloride-20', 1]] },
      { p: 0.08, pick: [['digoxin-0.125', 1]] },
    ],
    specialist: ['Cardiology', 0.7],
    labs: ['renal'],
  },
  {
    id: 'copd',
    codes: [[c('J44.9', 'Chronic obstructive pulmonary disease, unspecified'), 8], [c('J43.9', 'Emphysema, unspecified'), 2]],
    prevalence: [0.07, 0.1, 0.12, 0.11],
    therapy: [
      { p: 0.9, pick: [['albuterol-hfa', 1]] },
      { p: 0.55, pick: [['tiotropium', 1]] },
      { p: 0.35, pick: [['fluticasone-salmeterol', 1]] },
    ],
    specialist: ['Pulmonology', 0.4],
  },
  {
    id: 'asthma',
    codes: [[c('J45.909', 'Unspecified asthma, uncomplicated'), 7], [c('J45.40', 'Moderate persistent asthma, uncomplicated'), 3]],
    prevalence: [0.07, 0.06, 0.05, 0.04],
    female: 1.4,
    therapy: [
      { p: 0.9, pick: [['albuterol-hfa', 1]] },
      { p: 0.5, pick: [['fluticasone-salmeterol', 1]] },
      { p: 0.3, pick: [['montelukast-10', 1]] },
    ],
    specialist: ['Pulmonology', 0.2],
  },
  {
    id: 'depression',
    codes: [[c('F32.A', 'Depression, unspecified'), 6], [c('F33.1', 'Major depressive disorder, recurrent, moderate'), 3], [c('F32.1', 'Major depressive disorder, single episode, moderate'), 1]],
    prevalence: [0.15, 0.14, 0.14, 0.15],
    female: 1.5,
    male: 0.7,
    therapy: [
      { p: 0.85, pick: [['sertraline-50', 25], ['sertraline-100', 8], ['escitalopram-10', 22], ['citalopram-20', 12], ['bupropion-xl-150', 12], ['mirtazapine-15', 8], ['duloxetine-60', 8], ['venlafaxine-er-75', 5]] },
      { p: 0.15, pick: [['trazodone-50', 1], ['bupropion-xl-150', 1]] },
    ],
    specialist: ['Psychiatry', 0.2],
  },
  {
    id: 'anxiety',
    codes: [[c('F41.1', 'Generalized anxiety disorder'), 6], [c('F41.9', 'Anxiety disorder, unspecified'), 4]],
    prevalence: [0.1, 0.09, 0.08, 0.08],
    female: 1.5,
    male: 0.7,
    boosts: { depression: 2.5 },
    therapy: [
      { p: 0.45, pick: [['buspirone-10', 40], ['escitalopram-10', 30], ['sertraline-50', 30]] },
      { p: 0.3, pick: [['alprazolam-0.5', 50], ['lorazepam-0.5', 35], ['hydroxyzine-25', 15]] },
    ],
    specialist: ['Psychiatry', 0.2],
  },
  {
    id: 'insomnia',
    codes: [[c('G47.00', 'Insomnia, unspecified'), 1]],
    prevalence: [0.08, 0.1, 0.11, 0.12],
    boosts: { depression: 1.8, anxiety: 1.8 },
    therapy: [{ p: 0.65, pick: [['trazodone-50', 45], ['zolpidem-5', 35], ['mirtazapine-15', 10], ['lorazepam-0.5', 10]] }],
  },
  {
    id: 'osteoarthritis',
    codes: [[c('M19.90', 'Unspecified osteoarthritis, unspecified site'), 5], [c('M17.0', 'Bilateral primary osteoarthritis of knee'), 3], [c('M16.0', 'Bilateral primary osteoarthritis of hip'), 2]],
    prevalence: [0.2, 0.3, 0.36, 0.4],
    female: 1.2,
    therapy: [
      { p: 0.35, pick: [['meloxicam-15', 1]] },
      { p: 0.2, pick: [['tramadol-50', 60], ['duloxetine-60', 40]] },
    ],
  },
  {
    id: 'chronic_pain',
    codes: [[c('G89.29', 'Other chronic pain'), 6], [c('M54.50', 'Low back pain, unspecified'), 4]],
    prevalence: [0.12, 0.13, 0.13, 0.13],
    boosts: { osteoarthritis: 1.8 },
    therapy: [
      { p: 0.7, pick: [['gabapentin-300', 40], ['pregabalin-75', 10], ['duloxetine-60', 20], ['tramadol-50', 30]] },
      { p: 0.3, pick: [['hydrocodone-apap-5', 50], ['oxycodone-apap-5', 30], ['tramadol-50', 20]] },
      { p: 0.15, pick: [['cyclobenzaprine-10', 1]] },
    ],
  },
  {
    id: 'osteoporosis',
    codes: [[c('M81.0', 'Age-related osteoporosis without current pathological fracture'), 1]],
    prevalence: [0.07, 0.13, 0.19, 0.25],
    male: 0.2,
    therapy: [{ p: 0.65, pick: [['alendronate-10', 1]] }],
  },
  {
    id: 'hypothyroidism',
    codes: [[c('E03.9', 'Hypothyroidism, unspecified'), 1]],
    prevalence: [0.09, 0.12, 0.14, 0.15],
    female: 1.6,
    male: 0.5,
    therapy: [{ p: 0.95, pick: [['levothyroxine-50', 50], ['levothyroxine-100', 50]] }],
    specialist: ['Endocrinology', 0.1],
    labs: ['tsh'],
  },
  {
    id: 'gerd',
    codes: [[c('K21.9', 'Gastro-esophageal reflux disease without esophagitis'), 1]],
    prevalence: [0.18, 0.2, 0.2, 0.19],
    therapy: [{ p: 0.8, pick: [['omeprazole-20', 55], ['pantoprazole-40', 45]] }],
  },
  {
    id: 'dementia',
    codes: [[c('G30.9', "Alzheimer's disease, unspecified"), 5], [c('F03.90', 'Unspecified dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety'), 5]],
    prevalence: [0.01, 0.04, 0.12, 0.28],
    therapy: [
      { p: 0.6, pick: [['donepezil-5', 30], ['donepezil-10', 70]] },
      { p: 0.3, pick: [['memantine-10', 1]] },
      { p: 0.15, pick: [['quetiapine-25', 1]] },
    ],
    specialist: ['Geriatric Medicine', 0.4],
  },
  {
    id: 'bph',
    codes: [[c('N40.1', 'Benign prostatic hyperplasia with lower urinary tract symptoms'), 1]],
    prevalence: [0.2, 0.32, 0.42, 0.5],
    female: 0,
    therapy: [
      { p: 0.75, pick: [['tamsulosin-0.4', 70], ['doxazosin-4', 15], ['terazosin-5', 15]] },
      { p: 0.3, pick: [['finasteride-5', 1]] },
    ],
  },
  {
    id: 'oab',
    codes: [[c('N32.81', 'Overactive bladder'), 1]],
    prevalence: [0.06, 0.08, 0.1, 0.12],
    female: 1.5,
    therapy: [{ p: 0.5, pick: [['oxybutynin-5', 1]] }],
  },
  {
    id: 'gout',
    codes: [[c('M10.9', 'Gout, unspecified'), 1]],
    prevalence: [0.04, 0.06, 0.07, 0.07],
    male: 1.8,
    female: 0.5,
    boosts: { ckd3: 1.8, hypertension: 1.3 },
    therapy: [{ p: 0.8, pick: [['allopurinol-100', 1]] }],
  },
];

/** Classes that must not be combined by the therapy steps (an ACE inhibitor plus an ARB is a problem to find,
 * not a default). Duplications still appear on purpose through OTC products and a small injected rate. */
export const CLASS_GROUP: Readonly<Record<string, string>> = {
  'ace-inhibitor': 'ras', arb: 'ras', arni: 'ras',
  doac: 'anticoagulant', vka: 'anticoagulant',
  ssri: 'serotonergic', snri: 'serotonergic',
  'dhp-ccb': 'ccb', 'non-dhp-ccb': 'ccb',
  sulfonylurea: 'secretagogue',
};

export const classGroup = (drugClass: string): string => CLASS_GROUP[drugClass] ?? drugClass;

/** Why a product was stopped before the current one, by class (used for the medication history). */
export const SWITCH_REASONS: Readonly<Record<string, readonly string[]>> = {
  'ace-inhibitor': ['Dry cough on ACE inhibitor; switched to ARB', 'Angioedema concern; stopped'],
  statin: ['Muscle aches; switched to a different statin', 'LDL not at goal; intensified'],
  biguanide: ['Gastrointestinal upset; changed formulation'],
  sulfonylurea: ['Hypoglycemia episodes; stopped'],
  ssri: ['Not effective after 8 weeks; switched', 'Nausea; switched'],
  'dhp-ccb': ['Ankle swelling; dose reduced'],
  'beta-blocker': ['Fatigue and bradycardia; changed agent'],
  vka: ['Switched to a DOAC (labile INR)'],
};
export const GENERIC_STOP_REASONS: readonly string[] = [
  'Formulary change; switched to preferred alternative',
  'Side effect: dizziness',
  'Prescriber discontinued: no longer indicated',
  'Cost; patient could not afford',
  'Dose changed',
];
