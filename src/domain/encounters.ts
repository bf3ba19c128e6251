// MTM encounters (CMR and TMR, PRODUCT.md C5/C6, issue 6): the shapes the API returns and accepts, shared by the
// server and the web app. Lifecycle: in-progress → documented → signed (locked; later changes are dated addenda)
// → (billed, later). A CMR counts as complete only once its takeaway was sent.
import type { DtpCategory, Severity } from './screening.ts';

export const ENCOUNTER_KINDS = ['cmr', 'tmr'] as const;
export type EncounterKind = (typeof ENCOUNTER_KINDS)[number];
export const ENCOUNTER_STATUSES = ['in-progress', 'documented', 'signed'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];
export const DELIVERY_METHODS = ['in-person', 'phone', 'video'] as const;
export const RECIPIENTS = ['patient', 'caregiver', 'prescriber'] as const;
export const TIME_ACTIVITIES = ['prework', 'interview', 'documentation', 'follow-up'] as const;
export const PROBLEM_DECISIONS = ['proposed', 'accepted', 'dismissed'] as const;
export const INTERVENTION_KINDS = ['education', 'prescriber-recommendation', 'referral', 'cpa-change', 'other'] as const;
export const RECONCILIATION_ACTIONS = ['confirmed', 'changed-sig', 'not-taking', 'taking-differently', 'stopped'] as const;
export const SEND_METHODS = ['in-person', 'mail', 'portal', 'email', 'fax'] as const;

/** A drug therapy problem on an encounter: proposed by screening (ruleId set) or added by hand (ruleId null). */
export type EncounterProblem = {
  id: string;
  ruleId: string | null;
  category: DtpCategory;
  severity: Severity;
  title: string;
  summary: string;
  drugs: string[];
  recommendation: string;
  patientText: string;
  decision: (typeof PROBLEM_DECISIONS)[number];
  /** Required when dismissed. */
  dismissReason: string | null;
  /** Include as an item on the Medication Action Plan. */
  onActionPlan: boolean;
};

export type EncounterIntervention = {
  id: string;
  problemId: string | null;
  kind: (typeof INTERVENTION_KINDS)[number];
  detail: string;
  teachBack: boolean;
  createdAt: string;
};

export type ReconciliationAction = (typeof RECONCILIATION_ACTIONS)[number];

export type ReconciliationEntry = {
  medicationId: string;
  action: ReconciliationAction;
  /** Why (stopped, not taking) or how the patient takes it (taking differently). */
  note: string | null;
  /** Changed sig: the directions the patient follows now. */
  newSig: string | null;
  /** The chart's directions that `newSig` replaced when the review was signed (null before signing). */
  previousSig: string | null;
  /** Reported by the patient during this review and added to the chart from it (OTC, herbal, supplement). */
  addedInReview: boolean;
};

/** What the patient's previous signed review decided, shown beside each medication of a new review. */
export type PreviousReview = {
  encounterId: string;
  kind: EncounterKind;
  /** The day of that review (its service date). */
  date: string;
  signedByName: string;
  entries: (ReconciliationEntry & { display: string })[];
};

/** A chart medication's finding at the latest signed review that reconciled it. */
export type LastReviewFinding = {
  encounterId: string;
  kind: EncounterKind;
  date: string;
  action: ReconciliationAction;
  note: string | null;
  newSig: string | null;
};

export type TimeEntry = { id: string; activity: (typeof TIME_ACTIVITIES)[number]; minutes: number; userName: string; createdAt: string };
export type Addendum = { id: string; text: string; userName: string; createdAt: string };

export type Encounter = {
  id: string;
  patientId: string;
  kind: EncounterKind;
  status: EncounterStatus;
  /** Optimistic concurrency: send back on every change; a stale version is refused with 409. */
  version: number;
  deliveryMethod: (typeof DELIVERY_METHODS)[number] | null;
  recipient: (typeof RECIPIENTS)[number] | null;
  cognitiveImpairment: boolean;
  longTermCare: boolean;
  /** TMR: the one problem in focus. */
  focus: string | null;
  goals: string | null;
  followUpDate: string | null;
  followUpNote: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  signedBy: string | null;
  signedByName: string | null;
  signedAt: string | null;
  takeawaySentAt: string | null;
  takeawaySentMethod: (typeof SEND_METHODS)[number] | null;
  /** CMR: sent within 14 days of the review; the due date for sending the takeaway. */
  takeawayDueDate: string | null;
  problems: EncounterProblem[];
  interventions: EncounterIntervention[];
  reconciliation: ReconciliationEntry[];
  /** The patient's latest review signed before this one (for an open review: the latest signed), or null. */
  previousReview: PreviousReview | null;
  time: TimeEntry[];
  totalMinutes: number;
  addenda: Addendum[];
};

export type EncounterSummary = Pick<Encounter, 'id' | 'kind' | 'status' | 'createdAt' | 'signedAt' | 'takeawaySentAt' | 'takeawayDueDate' | 'totalMinutes'>;
