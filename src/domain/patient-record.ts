// The OpenMTM population file format: `prescribers.ndjson` and `patients.ndjson`, one JSON object per line.
// Written by `openmtm generate`, read by `openmtm import` and the demo seed. Documented in docs/population-format.md.
// References between records use external ids and NPIs, never database ids, so files are portable and
// re-importing a file is idempotent (records whose externalId already exists in the organisation are skipped).
import { z } from 'zod';
import {
  conditionCode,
  cvx,
  datesInOrder,
  isoDate,
  loinc,
  MEDICATION_SOURCES,
  ndc11,
  nonEmpty,
  npi,
  optionalText,
  rxcui,
  SEXES,
  usState,
} from './fields.ts';

const extId = z.string().min(1).max(100);

export const prescriberRecord = z
  .object({
    npi,
    firstName: nonEmpty(100),
    lastName: nonEmpty(100),
    credential: optionalText(20),
    specialty: optionalText(100),
    phone: optionalText(30),
    fax: optionalText(30),
  })
  .strict();
export type PrescriberRecord = z.infer<typeof prescriberRecord>;

export const coverageRecord = z
  .object({
    kind: z.enum(['medicare_part_d', 'medicare_advantage', 'medicare_part_b', 'medicaid', 'commercial', 'employer', 'other']),
    payerName: nonEmpty(200),
    memberId: nonEmpty(50),
    contractId: optionalText(10),
    pbpId: optionalText(10),
    groupId: optionalText(50),
    startDate: isoDate,
    endDate: isoDate.nullish(),
  })
  .strict()
  .superRefine(datesInOrder('startDate', 'endDate'));

export const consentRecord = z
  .object({
    kind: z.enum(['mtm', 'cpa', 'ccm', 'rpm', 'data_sharing']),
    status: z.enum(['granted', 'declined', 'revoked']),
    givenBy: z.enum(['patient', 'caregiver', 'representative']).default('patient'),
    effectiveDate: isoDate,
    expiresDate: isoDate.nullish(),
  })
  .strict();

export const careTeamRecord = z.object({ prescriberNpi: npi, role: nonEmpty(100) }).strict();

export const medicationRecord = z
  .object({
    externalId: extId,
    rxcui: rxcui.nullish(),
    display: nonEmpty(300),
    source: z.enum(MEDICATION_SOURCES),
    sig: optionalText(500),
    indication: optionalText(300),
    prescriberNpi: npi.nullish(),
    startDate: isoDate.nullish(),
    stopDate: isoDate.nullish(),
    stopReason: optionalText(300),
  })
  .strict()
  .superRefine(datesInOrder('startDate', 'stopDate'));

export const conditionRecord = z
  .object({
    externalId: extId,
    codeSystem: z.enum(['icd10cm', 'snomed']),
    code: z.string(),
    display: nonEmpty(300),
    onsetDate: isoDate.nullish(),
    abatementDate: isoDate.nullish(),
    clinicalStatus: z.enum(['active', 'resolved', 'inactive']),
  })
  .strict()
  .and(conditionCode);

export const allergyRecord = z
  .object({
    externalId: extId,
    substance: nonEmpty(200),
    substanceRxcui: rxcui.nullish(),
    kind: z.enum(['allergy', 'intolerance']),
    reaction: optionalText(300),
    severity: z.enum(['mild', 'moderate', 'severe']).nullish(),
    recordedDate: isoDate.nullish(),
  })
  .strict();

export const observationRecord = z
  .object({
    externalId: extId,
    loinc,
    display: nonEmpty(200),
    valueNum: z.number().finite().nullish(),
    valueText: optionalText(200),
    unit: optionalText(40),
    effectiveDate: isoDate,
  })
  .strict()
  .refine((v) => v.valueNum != null || v.valueText != null, { message: 'a value is required', path: ['valueNum'] });

export const encounterRecord = z
  .object({
    externalId: extId,
    kind: z.enum(['inpatient', 'emergency', 'ambulatory', 'telehealth', 'home']),
    startDate: isoDate,
    endDate: isoDate.nullish(),
    facility: optionalText(200),
    reasonCode: optionalText(20),
    reason: optionalText(300),
  })
  .strict()
  .superRefine(datesInOrder('startDate', 'endDate'));

export const immunizationRecord = z
  .object({ externalId: extId, cvx, display: nonEmpty(200), administeredDate: isoDate })
  .strict();

export const fillRecord = z
  .object({
    externalId: extId,
    ndc: ndc11.nullish(),
    rxcui: rxcui.nullish(),
    drugName: nonEmpty(300),
    fillDate: isoDate,
    daysSupply: z.number().int().min(1).max(365),
    quantity: z.number().positive(),
    totalCost: z.number().min(0).nullish(),
    patientPay: z.number().min(0).nullish(),
    pharmacyNpi: npi.nullish(),
    pharmacyName: optionalText(200),
    prescriberNpi: npi.nullish(),
    claimStatus: z.enum(['paid', 'reversed']).default('paid'),
  })
  .strict()
  .refine((v) => v.ndc != null || v.rxcui != null, { message: 'an NDC or an RXCUI is required', path: ['ndc'] });

export const patientRecord = z
  .object({
    externalId: extId,
    firstName: nonEmpty(100),
    lastName: nonEmpty(100),
    birthDate: isoDate,
    sex: z.enum(SEXES),
    language: z.string().regex(/^[a-z]{2,3}$/, 'expected a language code such as en or es').default('en'),
    phone: optionalText(30),
    email: optionalText(200),
    addressLine: optionalText(200),
    city: optionalText(100),
    state: usState.nullish(),
    postalCode: z.string().regex(/^[0-9]{5}(-[0-9]{4})?$/, 'expected a ZIP code').nullish(),
    healthLiteracyConcern: z.boolean().default(false),
    cognitiveImpairment: z.enum(['yes', 'no', 'unknown']).default('unknown'),
    longTermCare: z.boolean().default(false),
    caregiverName: optionalText(200),
    caregiverRelationship: optionalText(100),
    caregiverPhone: optionalText(30),
    deceasedDate: isoDate.nullish(),
    coverages: z.array(coverageRecord).default([]),
    consents: z.array(consentRecord).default([]),
    careTeam: z.array(careTeamRecord).default([]),
    medications: z.array(medicationRecord).default([]),
    conditions: z.array(conditionRecord).default([]),
    allergies: z.array(allergyRecord).default([]),
    observations: z.array(observationRecord).default([]),
    encounters: z.array(encounterRecord).default([]),
    immunizations: z.array(immunizationRecord).default([]),
    fills: z.array(fillRecord).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Child external ids key idempotent re-imports, so each must be unique within its list.
    for (const list of ['medications', 'conditions', 'allergies', 'observations', 'encounters', 'immunizations', 'fills'] as const) {
      const seen = new Set<string>();
      p[list].forEach((item, i) => {
        if (seen.has(item.externalId)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'externalId'], message: `duplicate externalId "${item.externalId}" in ${list}` });
        }
        seen.add(item.externalId);
      });
    }
  });
export type PatientRecord = z.infer<typeof patientRecord>;
export type PatientRecordInput = z.input<typeof patientRecord>;

/** The lists in a patient record, in file order. */
export const PATIENT_CHILD_LISTS = [
  'coverages', 'consents', 'careTeam', 'medications', 'conditions', 'allergies', 'observations', 'encounters', 'immunizations', 'fills',
] as const;
/** A count per child list (rows written, records generated, …). */
export type ChildCounts = Record<(typeof PATIENT_CHILD_LISTS)[number], number>;
