// The shapes of the screening knowledge files (src/knowledge/screening/*.json and user files loaded beside them).
//
// Why zod and not bare types: user knowledge files (licensed drug data, local rules) are loaded at run time and
// must be rejected with the file, the JSON pointer and the problem, before any patient is screened.
// Provenance: every file names its sources once under `sources`; every entry cites one of them by key in `source`.
// The loader resolves the key, so each loaded entry carries citation, version and retrieval date.
import { z } from 'zod';
import { DRUG_CLASSES } from './drug-classes.ts';

export const DTP_CATEGORIES = [
  'unnecessary-therapy',
  'needs-additional-therapy',
  'ineffective-drug',
  'dosage-too-low',
  'adverse-drug-reaction',
  'dosage-too-high',
  'non-adherence',
] as const;
export type DtpCategory = (typeof DTP_CATEGORIES)[number];

export const SEVERITIES = ['high', 'moderate', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const ruleId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'expected a lower-case dotted id such as ddi.warfarin-nsaid');
const ingredientName = z.string().regex(/^[a-z0-9][a-z0-9 ,'./()-]*$/, 'expected a lower-case RxNorm ingredient name');
const drugClass = z.enum(DRUG_CLASSES);

export const sourceSchema = z.object({
  citation: z.string().min(10),
  url: z.string().url().optional(),
  version: z.string().min(1),
  retrieved: isoDate,
});

const fileHeader = {
  version: z.string().min(1),
  retrieved: isoDate,
  sources: z.record(z.string(), sourceSchema),
};

/** Which medications a rule is about: any listed ingredient OR any ingredient in a listed class. */
export const drugSelectorSchema = z
  .object({
    ingredients: z.array(ingredientName).optional(),
    classes: z.array(drugClass).optional(),
    /** Products whose RxNorm name contains one of these words are left out (route limits, e.g. "Topical"). */
    excludeDoseForms: z.array(z.string()).optional(),
    /** Products must contain one of these dose-form words (e.g. "Oral" for oral-only rules). */
    onlyDoseForms: z.array(z.string()).optional(),
    label: z.string().optional(),
  })
  .strict()
  .refine((s) => (s.ingredients?.length ?? 0) + (s.classes?.length ?? 0) > 0, 'a selector lists ingredients or classes');
export type DrugSelector = z.infer<typeof drugSelectorSchema>;

/** Patient-facing and pharmacist-facing text plus the SNOMED CT concept used when the DTP is exported. */
const advice = {
  recommendation: z.string().min(10),
  patientText: z.string().min(10),
  snomed: z.string().regex(/^\d{6,18}$/).optional(),
};

// ---- drugs.json: the drug dictionary ----
export const drugEntrySchema = z
  .object({
    name: ingredientName,
    rxcui: z.string().regex(/^\d{1,8}$/),
    /** The RXCUI was not confirmed against a public source when the file was compiled; check it in RxNav before relying on it. */
    rxcuiUnverified: z.literal(true).optional(),
    brands: z.array(z.string()).default([]),
    classes: z.array(drugClass).min(1),
    /** Anticholinergic burden score (ACB scale 1–3); absent = 0. */
    ach: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** Statin intensity by total daily dose in mg: low below `moderateFromMg`, high from `highFromMg`. */
    statinIntensity: z.object({ moderateFromMg: z.number().positive(), highFromMg: z.number().positive().optional() }).optional(),
    source: z.string(),
  })
  .strict();
export const drugsFileSchema = z.object({ ...fileHeader, drugs: z.array(drugEntrySchema) }).strict();

// ---- interactions.json ----
export const interactionSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    /** Two or three members; the interaction fires when every member is matched by a different active medication. */
    members: z.array(drugSelectorSchema).min(2).max(3),
    severity: z.enum(SEVERITIES),
    category: z.enum(DTP_CATEGORIES).default('adverse-drug-reaction'),
    /** ONC high-priority DDI group number (Phansalkar 2012, 1–15), when the pair belongs to one. */
    oncGroup: z.number().int().min(1).max(15).optional(),
    /** ONC non-interruptive (low value) pair: reported at low severity and ranked last. */
    nonInterruptive: z.boolean().optional(),
    /** Fires only when this ingredient's total daily dose is above the limit (unknown dose → could not assess). */
    whenDailyDoseAbove: z.object({ ingredient: ingredientName, mg: z.number().positive() }).optional(),
    mechanism: z.string().min(5),
    ...advice,
    source: z.string(),
  })
  .strict();
export const interactionsFileSchema = z.object({ ...fileHeader, interactions: z.array(interactionSchema) }).strict();

// ---- duplications.json ----
export const duplicationSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    class: drugClass,
    severity: z.enum(SEVERITIES),
    /** Pairs of sub-classes that are legitimate together (basal + bolus insulin). */
    allowedPairs: z.array(z.tuple([drugClass, drugClass])).default([]),
    ...advice,
    source: z.string(),
  })
  .strict();
export const duplicationsFileSchema = z.object({ ...fileHeader, duplications: z.array(duplicationSchema) }).strict();

// ---- conditions.json: condition concepts used by rules ----
export const conditionConceptSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    label: z.string(),
    /** ICD-10-CM codes or prefixes without the dot ("I50" matches I50.9). */
    icd10: z.array(z.string().regex(/^[A-Z][0-9A-Z]{1,6}$/)).default([]),
    snomed: z.array(z.string().regex(/^\d{6,18}$/)).default([]),
    source: z.string(),
  })
  .strict();
export const conditionsFileSchema = z.object({ ...fileHeader, conditions: z.array(conditionConceptSchema) }).strict();

// ---- beers.json (AGS Beers Criteria 2023, restated, not copied) ----
export const beersAvoidSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    drugs: drugSelectorSchema,
    minAge: z.number().int().default(65),
    /** Only when the total daily dose is above this many mg (e.g. doxepin > 6 mg/day, aspirin primary prevention n/a). */
    whenDailyDoseAboveMg: z.number().positive().optional(),
    /** Does not apply when the patient has one of these condition concepts (e.g. PPI with Barrett's oesophagus). */
    unlessConditions: z.array(z.string()).default([]),
    severity: z.enum(SEVERITIES),
    rationale: z.string().min(10),
    ...advice,
    source: z.string(),
  })
  .strict();
export const beersDrugDiseaseSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    condition: z.string(),
    drugs: drugSelectorSchema,
    minAge: z.number().int().default(65),
    severity: z.enum(SEVERITIES),
    rationale: z.string().min(10),
    ...advice,
    source: z.string(),
  })
  .strict();
export const beersFileSchema = z
  .object({
    ...fileHeader,
    avoid: z.array(beersAvoidSchema),
    drugDisease: z.array(beersDrugDiseaseSchema),
    /** Beers: avoid ≥ 3 CNS-active drugs together (falls); these selectors define "CNS-active". */
    cnsActive: z.object({ id: ruleId, version: z.number().int().positive(), drugs: drugSelectorSchema, minCount: z.number().int().min(2), severity: z.enum(SEVERITIES), ...advice, source: z.string() }).strict(),
    /** Anticholinergic burden: total ACB score of active drugs at or above `threshold`. */
    anticholinergicBurden: z.object({ id: ruleId, version: z.number().int().positive(), threshold: z.number().int().min(1), severity: z.enum(SEVERITIES), ...advice, source: z.string() }).strict(),
  })
  .strict();

// ---- renal.json ----
export const renalStepSchema = z
  .object({
    /** The step applies when kidney function is below this value (mL/min for CrCl, mL/min/1.73m² for eGFR). */
    below: z.number().positive(),
    action: z.enum(['avoid', 'reduce-dose', 'max-dose', 'monitor']),
    /** For max-dose: the highest total daily dose in mg at this kidney function. */
    maxDailyMg: z.number().positive().optional(),
    severity: z.enum(SEVERITIES),
    ...advice,
  })
  .strict();
export const renalRuleSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    drugs: drugSelectorSchema,
    /** Which estimate the labelling/guideline uses: Cockcroft–Gault creatinine clearance or CKD-EPI 2021 eGFR. */
    measure: z.enum(['crcl', 'egfr']),
    /** Most severe (lowest `below`) first. */
    steps: z.array(renalStepSchema).min(1),
    source: z.string(),
  })
  .strict();
export const renalFileSchema = z.object({ ...fileHeader, rules: z.array(renalRuleSchema) }).strict();

// ---- doses.json: usual maximum total daily doses for adults ----
export const doseLimitSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    ingredient: ingredientName,
    /** Route restriction by dose-form word ("Oral"); absent = all routes whose strength is in mg. */
    onlyDoseForms: z.array(z.string()).optional(),
    maxDailyMg: z.number().positive(),
    /** A lower limit applied from this age (e.g. older adults). */
    olderAdult: z.object({ minAge: z.number().int(), maxDailyMg: z.number().positive() }).optional(),
    ...advice,
    source: z.string(),
  })
  .strict();
export const dosesFileSchema = z.object({ ...fileHeader, limits: z.array(doseLimitSchema) }).strict();

// ---- care-gaps.json: monitoring, lab-result alerts, vaccines, opioid MME factors ----
const loincCode = z.string().regex(/^\d{1,7}-\d$/, 'expected a LOINC code such as 2160-0');
export const monitoringRuleSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    /** Applies when every criterion given matches: takes one of these drugs, and has one of these condition concepts. */
    drugs: drugSelectorSchema.optional(),

    conditions: z.array(z.string()).optional(),
    /** Any of these LOINC codes satisfies the rule when resulted within `withinDays` of asOf. */
    loinc: z.array(loincCode).min(1),
    labName: z.string(),
    withinDays: z.number().int().positive(),
    category: z.enum(DTP_CATEGORIES),
    severity: z.enum(SEVERITIES),
    ...advice,
    source: z.string(),
  })
  .strict()
  .refine((r) => r.drugs !== undefined || (r.conditions?.length ?? 0) > 0, 'a monitoring rule names drugs or conditions');

export const labAlertSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    drugs: drugSelectorSchema.optional(),
    conditions: z.array(z.string()).optional(),
    loinc: z.array(loincCode).min(1),
    labName: z.string(),
    /** The most recent result within `withinDays` fires the alert when at/above `atOrAbove` or below `below`. */
    atOrAbove: z.number().optional(),
    below: z.number().optional(),
    unit: z.string(),
    withinDays: z.number().int().positive(),
    minAge: z.number().int().optional(),
    maxAge: z.number().int().optional(),
    category: z.enum(DTP_CATEGORIES),
    severity: z.enum(SEVERITIES),
    ...advice,
    source: z.string(),
  })
  .strict()
  .refine((r) => r.atOrAbove !== undefined || r.below !== undefined, 'a lab alert has atOrAbove or below');

export const vaccineRuleSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    vaccine: z.string(),
    /** CVX codes that count as a dose. */
    cvx: z.array(z.string().regex(/^\d{1,3}$/)).min(1),
    minAge: z.number().int(),
    maxAge: z.number().int().optional(),
    /** 'season': one dose since the start of the current respiratory season (Aug 1); 'within-days': one dose within
     *  `withinDays`; 'series': `doses` doses ever. */
    schedule: z.enum(['season', 'within-days', 'series']),
    withinDays: z.number().int().positive().optional(),
    doses: z.number().int().positive().optional(),
    severity: z.enum(SEVERITIES),
    ...advice,
    source: z.string(),
  })
  .strict();

/** Missing guideline therapy: the patient has the indication and takes none of the `missing` drugs. */
export const therapyGapSchema = z
  .object({
    id: ruleId,
    version: z.number().int().positive(),
    title: z.string().min(5),
    /** Has any of these condition concepts… */
    conditions: z.array(z.string()).min(1),
    /** …and (when given) also any of these (diabetes AND (ASCVD or heart failure or CKD)). */
    andConditions: z.array(z.string()).optional(),
    /** …and (when given) takes one of these drugs (asthma AND a SABA). */
    whenDrugs: drugSelectorSchema.optional(),
    minAge: z.number().int().optional(),
    maxAge: z.number().int().optional(),
    /** The gap: none of these is active. */
    missing: drugSelectorSchema,
    /** Any of these condition concepts (contraindication, intolerance) means the rule does not apply. */
    unlessConditions: z.array(z.string()).default([]),
    severity: z.enum(SEVERITIES),
    ...advice,
    source: z.string(),
  })
  .strict();

export const careGapsFileSchema = z
  .object({
    ...fileHeader,
    therapyGaps: z.array(therapyGapSchema),
    monitoring: z.array(monitoringRuleSchema),
    labAlerts: z.array(labAlertSchema),
    vaccines: z.array(vaccineRuleSchema),
    /** Oral morphine milligram equivalent conversion factors per mg (fentanyl: per mcg/hr of patch). */
    mme: z.object({ source: z.string(), factors: z.record(ingredientName, z.number().positive()), naloxoneThresholdMme: z.number().positive() }).strict(),
  })
  .strict();

// ---- products.json: RxNorm product codes → ingredients and strengths (built by scripts/build-screening-products.ts) ----
export const productSchema = z
  .object({
    name: z.string(),
    ingredients: z.array(z.object({ name: ingredientName, strength: z.number().positive().optional(), unit: z.string().optional() }).strict()).min(1),
    source: z.string(),
  })
  .strict();
export const productsFileSchema = z.object({ ...fileHeader, products: z.record(z.string().regex(/^\d{1,8}$/), productSchema) }).strict();
