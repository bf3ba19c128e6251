// MTM programs, enrollments, worklist items, outreach attempts and appointments (issue 5; PRODUCT.md C4, §5.1, §5.2).
// Shapes the API accepts and returns; the rules that need data (licences, overlaps, claims) live in the service.
import { z } from 'zod';
import { DRUG_CLASSES } from '../knowledge/screening/drug-classes.ts';
import { isoDate, nonEmpty, optionalText, usState } from './fields.ts';

export const PROGRAM_KINDS = ['partd', 'medicaid', 'commercial', 'employer', 'clinic'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** CMS opt-out reason codes (PRODUCT.md §5.1). */
export const OPT_OUT_REASONS = { '01': 'death', '02': 'disenrollment', '03': 'request', '99': 'other' } as const;
export type OptOutReason = keyof typeof OPT_OUT_REASONS;
const OPT_OUT_CODES = Object.keys(OPT_OUT_REASONS) as [OptOutReason, ...OptOutReason[]];

export const WORK_ITEM_KINDS = ['cmr', 'tmr', 'adherence', 'dtp', 'post-discharge'] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];
/**
 * `not-needed`: generation closed a targeted-intervention item nobody had started because its reason no longer
 * holds (the patient refilled, the problem went away); `closedReason` says why.
 */
export const WORK_ITEM_STATUSES = ['open', 'claimed', 'done', 'unable-to-reach', 'declined', 'not-needed'] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];
/** Statuses of items still to be worked. */
export const ACTIVE_STATUSES: readonly WorkItemStatus[] = ['open', 'claimed'];

export const OUTREACH_CHANNELS = ['phone', 'text', 'mail', 'portal'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];
export const OUTREACH_OUTCOMES = ['reached', 'left-message', 'wrong-number', 'declined', 'call-back'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];
/**
 * Outcomes that count towards "unable to reach". A call-back request means someone was reached and asked to be
 * called later, so it is not a failed attempt.
 */
export const FAILED_OUTREACH: readonly OutreachOutcome[] = ['left-message', 'wrong-number'];
/** Failed attempts (with no attempt reaching the patient) after which an item is marked unable-to-reach. */
export const MAX_FAILED_ATTEMPTS = 3;

export const APPOINTMENT_MODES = ['in-person', 'phone', 'video'] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'no-show', 'completed'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Open claimed items a pharmacist can carry when their profile sets no capacity. */
export const DEFAULT_PHARMACIST_CAPACITY = 40;

// ---- programs -------------------------------------------------------------------------------------------------

/**
 * Severities a panel's DTP criterion can ask for. 'low' is left out on purpose: nearly every older adult has a low
 * one (a vaccine due), so a panel on it would take everyone.
 */
export const DTP_SEVERITY_LEVELS = ['high', 'moderate'] as const;
export type DtpSeverityLevel = (typeof DTP_SEVERITY_LEVELS)[number];

/** A number in [min, max] (whole when asked), with one message for every way to miss it: the form shows it as is. */
function bounded(min: number, max: number, what: string, whole: boolean) {
  const m = `expected ${what} from ${min} to ${max}`;
  const n = z.number({ message: m }).min(min, m).max(max, m);
  return whole ? n.int(m) : n;
}

/** Criteria of a non-Part D program (Medicaid, commercial, employer, a clinic's high-risk panel). */
export const panelCriteriaSchema = z
  .object({
    minMedications: bounded(1, 50, 'a whole number', true).optional(),
    minChronicConditions: bounded(1, 20, 'a whole number', true).optional(),
    highRiskDrugClasses: z
      .array(z.enum(DRUG_CLASSES, { message: 'expected a drug class such as anticoagulant, opioid or insulin' }))
      .max(20, 'expected at most 20 drug classes')
      .optional(),
    /** Percent, e.g. 9 for "A1c > 9%". */
    a1cAbove: bounded(4, 20, 'a percent', false).optional(),
    /** A fraction, e.g. 0.8 for "PDC < 80%". */
    pdcBelow: z.number({ message: 'expected a fraction such as 0.8' }).gt(0, 'expected a fraction such as 0.8').max(1, 'expected a fraction such as 0.8').optional(),
    recentDischargeDays: bounded(1, 365, 'a number of days', true).optional(),
    /** At least one drug therapy problem from the screening engine of this severity or higher ('moderate' takes high too). */
    dtpSeverityAtLeast: z.enum(DTP_SEVERITY_LEVELS, { message: 'expected a severity: high or moderate' }).optional(),
    /** US dollars: gross drug cost of the paid fills in the 365 days up to the day evaluated. */
    minAnnualCost: z
      .number({ message: 'expected an amount in US dollars such as 1500' })
      .gt(0, 'expected an amount in US dollars above 0')
      .max(10_000_000, 'expected an amount in US dollars up to 10,000,000')
      .optional(),
    /** Every criterion must hold (default), or any one of them. */
    match: z.enum(['all', 'any']).optional(),
  })
  .strict();
export type PanelCriteria = z.infer<typeof panelCriteriaSchema>;

/**
 * A program definition. `criteria` is checked per kind: Part D criteria against what CMS allows (the service runs
 * the targeting engine's parser, which names the rule broken), the others against `panelCriteriaSchema`.
 */
export const programInput = z.object({
  name: nonEmpty(120),
  kind: z.enum(PROGRAM_KINDS),
  year: z.number().int().min(2000).max(2100),
  criteria: z.record(z.string(), z.unknown()).default({}),
  active: z.boolean().default(true),
});
export type ProgramInput = z.infer<typeof programInput>;

export const programUpdate = z.object({ active: z.boolean() });

export type Program = {
  id: string;
  name: string;
  kind: ProgramKind;
  year: number;
  criteria: Record<string, unknown>;
  active: boolean;
  createdAt: string;
};

// ---- enrollments ----------------------------------------------------------------------------------------------

export const enrollmentInput = z.object({
  patientId: z.uuid({ message: 'expected a patient id (UUID)' }),
  enrolledOn: isoDate,
});
export type EnrollmentInput = z.infer<typeof enrollmentInput>;

export const optOutInput = z
  .object({
    reason: z.enum(OPT_OUT_CODES, { message: 'expected an opt-out reason code: 01 death, 02 disenrollment, 03 request, 99 other' }),
    date: isoDate,
    note: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.reason === '99' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'reason 99 (other) needs a note saying why' });
  });
export type OptOutInput = z.infer<typeof optOutInput>;

export type Enrollment = {
  id: string;
  patientId: string;
  patientName: string;
  programId: string;
  enrolledOn: string;
  optedOutOn: string | null;
  optOutReason: OptOutReason | null;
  optOutNote: string | null;
};

// ---- work items -----------------------------------------------------------------------------------------------

export type PriorityFactor = { factor: string; points: number };

export type WorkItem = {
  id: string;
  patientId: string;
  patientName: string;
  programId: string;
  programName: string;
  kind: WorkItemKind;
  dueDate: string;
  /** Why the item is in the queue, as a sentence. */
  reason: string;
  /** 0–100, the sum of priorityFactors' points (capped). */
  priority: number;
  priorityFactors: PriorityFactor[];
  status: WorkItemStatus;
  assignedTo: { id: string; name: string } | null;
  language: string;
  state: string | null;
  /** The patient's home pharmacy, when one is recorded. */
  pharmacy: { id: string; name: string; state: string } | null;
  /** Start of the booked appointment for this item, when one is booked. */
  scheduledAt: string | null;
  closedReason: string | null;
  completedOn: string | null;
};

export const generateInput = z.object({ asOf: isoDate.optional() });

export const worklistQuery = z.object({
  program: z.uuid({ message: 'expected a program id (UUID)' }).optional(),
  status: z.enum([...WORK_ITEM_STATUSES, 'active', 'all']).default('active'),
  kind: z.enum(WORK_ITEM_KINDS).optional(),
  dueBefore: isoDate.optional(),
  language: z.string().trim().min(2).max(10).optional(),
  state: usState.optional(),
  /** The patient's home pharmacy. */
  pharmacy: z.uuid({ message: 'expected a pharmacy id (UUID)' }).optional(),
  /** "me", "none" (unassigned) or a user id. */
  assignedTo: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type WorklistQuery = z.infer<typeof worklistQuery>;

export const assignInput = z.object({ userId: z.uuid({ message: 'expected a user id (UUID)' }) });
export const completeInput = z.object({ completedOn: isoDate.optional(), note: optionalText(500) });

export type PharmacistSuggestion = {
  userId: string;
  name: string;
  eligible: boolean;
  score: number;
  reasons: string[];
  languages: string[];
  licensedStates: string[];
  load: number;
  capacity: number;
};

// ---- outreach -------------------------------------------------------------------------------------------------

export const outreachInput = z
  .object({
    channel: z.enum(OUTREACH_CHANNELS),
    outcome: z.enum(OUTREACH_OUTCOMES),
    note: optionalText(1000),
    declineReason: optionalText(300),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'declined' && !v.declineReason) {
      ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'a decline must record the reason the patient gave' });
    }
  });
export type OutreachInput = z.infer<typeof outreachInput>;

export type OutreachAttempt = {
  id: string;
  patientId: string;
  workItemId: string | null;
  channel: OutreachChannel;
  outcome: OutreachOutcome;
  note: string | null;
  declineReason: string | null;
  at: string;
  by: { id: string; name: string };
};

// ---- appointments ---------------------------------------------------------------------------------------------

const isoInstant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-06-20T14:00:00Z' });
const reminder = z.object({ sendAt: isoInstant, channel: z.enum(OUTREACH_CHANNELS) });

export const appointmentInput = z.object({
  patientId: z.uuid({ message: 'expected a patient id (UUID)' }),
  pharmacistId: z.uuid({ message: 'expected a pharmacist user id (UUID)' }),
  workItemId: z.uuid({ message: 'expected a work item id (UUID)' }).nullish(),
  start: isoInstant,
  minutes: z.number().int().min(5).max(240),
  mode: z.enum(APPOINTMENT_MODES),
  /** Defaults to a text reminder one day before and a phone reminder two hours before (those still ahead). */
  reminders: z.array(reminder).max(5).optional(),
});
export type AppointmentInput = z.infer<typeof appointmentInput>;

export const appointmentPatch = z
  .object({
    start: isoInstant.optional(),
    minutes: z.number().int().min(5).max(240).optional(),
    mode: z.enum(APPOINTMENT_MODES).optional(),
    status: z.enum(['cancelled', 'no-show', 'completed']).optional(),
    reason: optionalText(300),
  })
  .superRefine((v, ctx) => {
    if (v.start === undefined && v.minutes === undefined && v.mode === undefined && v.status === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'nothing to change: give start, minutes, mode or status' });
    }
    if (v.status !== undefined && (v.start !== undefined || v.minutes !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'reschedule and status change are separate requests' });
    }
  });
export type AppointmentPatch = z.infer<typeof appointmentPatch>;

export const calendarQuery = z
  .object({
    pharmacist: z.uuid({ message: 'expected a pharmacist user id (UUID)' }).optional(),
    from: isoDate,
    to: isoDate,
  })
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export type Appointment = {
  id: string;
  patientId: string;
  patientName: string;
  pharmacistId: string;
  pharmacistName: string;
  workItemId: string | null;
  workItemKind: WorkItemKind | null;
  start: string;
  end: string;
  minutes: number;
  mode: AppointmentMode;
  status: AppointmentStatus;
  reminders: { sendAt: string; channel: OutreachChannel }[];
  statusReason: string | null;
};
