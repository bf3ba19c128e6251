// Inputs for MTM encounters (issue 6), validated at the API edge; the shapes returned are in encounters.ts.
// Rules that need the stored encounter (versions, locks, dates, "dismissed needs a reason") live in the service.
import { z } from 'zod';
import { medicationInput } from './clinical.ts';
import { DTP_CATEGORIES, SEVERITIES } from '../knowledge/screening/schema.ts';
import {
  DELIVERY_METHODS,
  ENCOUNTER_KINDS,
  INTERVENTION_KINDS,
  RECIPIENTS,
  RECONCILIATION_ACTIONS,
  SEND_METHODS,
  TIME_ACTIVITIES,
} from './encounters.ts';
import { isoDate, nonEmpty } from './fields.ts';

const version = z.number({ message: 'expected the encounter version you last read' }).int().min(1);
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const nullableText = (max: number) => text(max).nullable().optional();

export const encounterCreate = z
  .object({
    kind: z.enum(ENCOUNTER_KINDS, { message: 'expected cmr or tmr' }),
    focus: text(2000).optional(),
  })
  .strict();
export type EncounterCreate = z.infer<typeof encounterCreate>;

export const encounterPatch = z
  .object({
    version,
    deliveryMethod: z.enum(DELIVERY_METHODS, { message: 'expected in-person, phone or video' }).nullable().optional(),
    recipient: z.enum(RECIPIENTS, { message: 'expected patient, caregiver or prescriber' }).nullable().optional(),
    cognitiveImpairment: z.boolean().optional(),
    longTermCare: z.boolean().optional(),
    focus: nullableText(2000),
    goals: nullableText(4000),
    followUpDate: isoDate.nullable().optional(),
    followUpNote: nullableText(2000),
    status: z.literal('documented', { message: 'only "documented" can be set here; sign with POST …/sign' }).optional(),
  })
  .strict();
export type EncounterPatch = z.infer<typeof encounterPatch>;

export const problemDecision = z
  .object({
    version,
    decision: z.enum(['accepted', 'dismissed'], { message: 'expected accepted or dismissed' }),
    dismissReason: text(1000).optional(),
    title: nonEmpty(300).optional(),
    summary: nonEmpty(4000).optional(),
    recommendation: nonEmpty(4000).optional(),
    patientText: nonEmpty(2000).optional(),
    onActionPlan: z.boolean().optional(),
  })
  .strict();
export type ProblemDecision = z.infer<typeof problemDecision>;

export const problemCreate = z
  .object({
    version,
    category: z.enum(DTP_CATEGORIES),
    severity: z.enum(SEVERITIES, { message: 'expected high, moderate or low' }),
    title: nonEmpty(300),
    summary: nonEmpty(4000),
    recommendation: nonEmpty(4000),
    patientText: nonEmpty(2000),
    drugs: z.array(nonEmpty(100)).max(20).optional(),
    /** Added field (optional): defaults to true for high and moderate severity, as for screened problems. */
    onActionPlan: z.boolean().optional(),
  })
  .strict();
export type ProblemCreate = z.infer<typeof problemCreate>;

export const interventionCreate = z
  .object({
    version,
    problemId: z.uuid({ message: 'expected a problem id (UUID)' }).nullable().optional(),
    kind: z.enum(INTERVENTION_KINDS),
    detail: nonEmpty(4000),
    teachBack: z.boolean().optional(),
  })
  .strict();
export type InterventionCreate = z.infer<typeof interventionCreate>;

export const reconciliationPut = z
  .object({
    version,
    action: z.enum(RECONCILIATION_ACTIONS),
    note: nullableText(2000),
    newSig: nullableText(500),
  })
  .strict();
export type ReconciliationPut = z.infer<typeof reconciliationPut>;

/**
 * A product the patient reports during the review (OTC, herbal, supplement): the chart's own medication entry
 * (same fields, same checks) plus the encounter version. Prescriptions come with a prescriber and belong in the chart.
 */
export const reviewMedicationCreate = medicationInput
  .extend({ version })
  .refine((v) => v.source !== 'prescription', {
    path: ['source'],
    message: 'a review adds OTC, herbal or supplement products; record prescriptions in the chart',
  });
export type ReviewMedicationCreate = z.infer<typeof reviewMedicationCreate>;

export const timeCreate = z
  .object({
    version,
    activity: z.enum(TIME_ACTIVITIES),
    minutes: z.number().int('expected whole minutes').min(1, 'at least 1 minute').max(600, 'at most 600 minutes'),
  })
  .strict();
export type TimeCreate = z.infer<typeof timeCreate>;

export const encounterSign = z.object({ version }).strict();

export const addendumCreate = z
  .object({ text: z.string().trim().min(3, 'at least 3 characters').max(4000, 'at most 4000 characters') })
  .strict();

export const takeawaySent = z
  .object({ version, method: z.enum(SEND_METHODS), sentOn: isoDate })
  .strict();
export type TakeawaySent = z.infer<typeof takeawaySent>;

export const takeawayQuery = z.object({
  lang: z.enum(['en', 'es'], { message: 'expected en or es' }).default('en'),
  format: z.enum(['pdf', 'html'], { message: 'expected pdf or html' }).default('pdf'),
});
