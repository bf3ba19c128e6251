// Labs, vitals, vaccines, allergies and encounter reasons for the synthetic population.
// Provenance: LOINC codes from the LOINC table (Regenstrief; check digits verified by the generator tests with
// isValidLoinc); CVX codes from the CDC CVX table; ICD-10-CM FY2025; SNOMED CT concept ids for two acute
// problems; RxNorm ingredient RXCUIs (IN) only where well known, else null. Retrieved 2026-01. Changelog: v1.
import type { Weighted } from '../random.ts';

export const LOINC = {
  a1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  ldl: { code: '13457-7', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', unit: 'mg/dL' },
  tc: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  scr: { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL' },
  egfr: { code: '98979-8', display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)', unit: 'mL/min/{1.73_m2}' },
  k: { code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L' },
  inr: { code: '6301-6', display: 'INR in Platelet poor plasma by Coagulation assay', unit: '{INR}' },
  tsh: { code: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma', unit: 'm[IU]/L' },
  sbp: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]' },
  dbp: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]' },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg' },
  height: { code: '8302-2', display: 'Body height', unit: 'cm' },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2' },
} as const;
export type LabKey = keyof typeof LOINC;

export const VACCINES = {
  fluStandard: { cvx: '150', display: 'Influenza, injectable, quadrivalent, preservative free' },
  fluHighDose: { cvx: '197', display: 'Influenza, high-dose, quadrivalent, preservative free' },
  pcv13: { cvx: '133', display: 'Pneumococcal conjugate vaccine, 13 valent' },
  pcv15: { cvx: '215', display: 'Pneumococcal conjugate vaccine, 15 valent' },
  pcv20: { cvx: '216', display: 'Pneumococcal conjugate vaccine, 20 valent' },
  ppsv23: { cvx: '33', display: 'Pneumococcal polysaccharide vaccine, 23 valent' },
  zoster: { cvx: '187', display: 'Zoster vaccine recombinant' },
  covid: { cvx: '309', display: 'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 2023-2024 formula' },
  covidB: { cvx: '308', display: 'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, tris-sucrose, 2023-2024 formula' },
} as const;

export type AllergySpec = {
  substance: string;
  rxcui: string | null;
  kind: 'allergy' | 'intolerance';
  reactions: readonly string[];
};

// RXCUIs are RxNorm ingredient concepts (penicillin left null: several penicillin ingredients exist).
export const ALLERGIES: Weighted<AllergySpec> = [
  [{ substance: 'Penicillin', rxcui: null, kind: 'allergy', reactions: ['Hives', 'Rash', 'Anaphylaxis'] }, 30],
  [{ substance: 'Sulfamethoxazole (sulfa antibiotics)', rxcui: '10180', kind: 'allergy', reactions: ['Rash', 'Hives'] }, 18],
  [{ substance: 'Codeine', rxcui: '2670', kind: 'intolerance', reactions: ['Nausea and vomiting', 'Itching'] }, 12],
  [{ substance: 'Aspirin', rxcui: '1191', kind: 'intolerance', reactions: ['Stomach upset', 'Wheezing'] }, 6],
  [{ substance: 'Ibuprofen', rxcui: '5640', kind: 'intolerance', reactions: ['Stomach upset'] }, 5],
  [{ substance: 'Lisinopril', rxcui: '29046', kind: 'intolerance', reactions: ['Dry cough', 'Angioedema'] }, 6],
  [{ substance: 'Morphine', rxcui: '7052', kind: 'intolerance', reactions: ['Itching', 'Confusion'] }, 5],
  [{ substance: 'Atorvastatin', rxcui: '83367', kind: 'intolerance', reactions: ['Muscle aches'] }, 5],
  [{ substance: 'Metformin', rxcui: '6809', kind: 'intolerance', reactions: ['Diarrhea'] }, 3],
  [{ substance: 'Iodinated contrast media', rxcui: null, kind: 'allergy', reactions: ['Hives'] }, 4],
  [{ substance: 'Latex', rxcui: null, kind: 'allergy', reactions: ['Contact dermatitis'] }, 3],
  [{ substance: 'Shellfish', rxcui: null, kind: 'allergy', reactions: ['Hives', 'Swelling of lips'] }, 3],
];

type Reason = readonly [code: string, display: string];

export const INPATIENT_REASONS: Weighted<Reason> = [
  [['J18.9', 'Pneumonia, unspecified organism'], 16],
  [['N39.0', 'Urinary tract infection, site not specified'], 10],
  [['A41.9', 'Sepsis, unspecified organism'], 8],
  [['S72.001A', 'Fracture of unspecified part of neck of right femur, initial encounter'], 5],
  [['R55', 'Syncope and collapse'], 6],
  [['K92.2', 'Gastrointestinal hemorrhage, unspecified'], 5],
  [['I63.9', 'Cerebral infarction, unspecified'], 4],
  [['N17.9', 'Acute kidney failure, unspecified'], 5],
];
/** Condition-specific admissions, used when the patient has that condition. */
export const CONDITION_ADMISSIONS: Readonly<Partial<Record<string, Reason>>> = {
  hf: ['I50.23', 'Acute on chronic systolic (congestive) heart failure'],
  copd: ['J44.1', 'Chronic obstructive pulmonary disease with (acute) exacerbation'],
  af: ['I48.91', 'Unspecified atrial fibrillation'],
  diabetes: ['E11.649', 'Type 2 diabetes mellitus with hypoglycemia without coma'],
};

export const ED_REASONS: Weighted<Reason> = [
  [['W19.XXXA', 'Unspecified fall, initial encounter'], 20],
  [['R07.9', 'Chest pain, unspecified'], 14],
  [['R42', 'Dizziness and giddiness'], 10],
  [['R06.02', 'Shortness of breath'], 10],
  [['N39.0', 'Urinary tract infection, site not specified'], 8],
  [['R10.9', 'Unspecified abdominal pain'], 8],
  [['I10', 'Essential (primary) hypertension'], 6],
  [['T88.7XXA', 'Unspecified adverse effect of drug or medicament, initial encounter'], 4],
];

export const ACUTE_PROBLEMS: Weighted<{ snomed: string; display: string; drugs: Weighted<string> }> = [
  [{ snomed: '233604007', display: 'Pneumonia', drugs: [['azithromycin-250', 2], ['levofloxacin-500', 1], ['amoxicillin-500', 1]] }, 3],
  [{ snomed: '68566005', display: 'Urinary tract infectious disease', drugs: [['nitrofurantoin-100', 3], ['smx-tmp-ds', 2], ['cephalexin-500', 2]] }, 4],
];

export const HOSPICE_REASON: Reason = ['Z51.5', 'Encounter for palliative care'];
export const WELLNESS_REASON: Reason = ['Z00.00', 'Encounter for general adult medical examination without abnormal findings'];
