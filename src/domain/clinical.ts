// Inputs for clinical entries, validated at every edge (API, import, web forms).
import { z } from 'zod';
import { conditionCode, datesInOrder, isoDate, loinc, MEDICATION_SOURCES, nonEmpty, optionalText, rxcui } from './fields.ts';

const uuid = z.uuid({ message: 'expected an id (UUID)' });

export const medicationInput = z
  .object({
    rxcui: rxcui.nullish(),
    display: nonEmpty(300),
    source: z.enum(MEDICATION_SOURCES, { message: 'expected prescription, otc, herbal or supplement' }),
    sig: optionalText(500),
    indication: optionalText(300),
    prescriberId: uuid.nullish(),
    startDate: isoDate.nullish(),
  })
  .strict();
export type MedicationInput = z.infer<typeof medicationInput>;

export const medicationUpdate = z
  .object({
    rxcui: rxcui.nullish(),
    display: nonEmpty(300).optional(),
    source: z.enum(MEDICATION_SOURCES).optional(),
    sig: optionalText(500),
    indication: optionalText(300),
    prescriberId: uuid.nullish(),
    startDate: isoDate.nullish(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type MedicationUpdate = z.infer<typeof medicationUpdate>;

export const medicationStop = z
  .object({ stopDate: isoDate, stopReason: nonEmpty(300) })
  .strict();
export type MedicationStop = z.infer<typeof medicationStop>;

export const conditionInput = z
  .object({
    codeSystem: z.enum(['icd10cm', 'snomed']),
    code: z.string().trim(),
    display: nonEmpty(300),
    onsetDate: isoDate.nullish(),
    abatementDate: isoDate.nullish(),
    clinicalStatus: z.enum(['active', 'resolved', 'inactive']).default('active'),
  })
  .strict()
  .and(conditionCode)
  .superRefine(datesInOrder('onsetDate', 'abatementDate'));
export type ConditionInput = z.infer<typeof conditionInput>;

export const allergyInput = z
  .object({
    substance: nonEmpty(200),
    substanceRxcui: rxcui.nullish(),
    kind: z.enum(['allergy', 'intolerance']).default('allergy'),
    reaction: optionalText(300),
    severity: z.enum(['mild', 'moderate', 'severe']).nullish(),
    recordedDate: isoDate.nullish(),
  })
  .strict();
export type AllergyInput = z.infer<typeof allergyInput>;

export const observationInput = z
  .object({
    loinc,
    display: nonEmpty(200),
    valueNum: z.number({ message: 'expected a number' }).finite().nullish(),
    valueText: optionalText(200),
    unit: optionalText(40),
    effectiveDate: isoDate,
  })
  .strict()
  .refine((v) => v.valueNum != null || (v.valueText != null && v.valueText !== ''), {
    message: 'a value is required (valueNum or valueText)',
    path: ['valueNum'],
  });
export type ObservationInput = z.infer<typeof observationInput>;

export const medicationListSignInput = z.object({ note: optionalText(1000) }).strict();
