// Targeting runs in the database — Part D programs and panel programs (Medicaid, commercial, employer, clinic) —
// and a patient's DMP status (issue 5): shapes the API accepts and returns, shared with the web app.
import { z } from 'zod';
import { isoDate } from './fields.ts';
import type { ProgramKind } from './worklists.ts';

/** ResDAC TARG_CRITERIA_MET_REASON codes (PRODUCT.md §5.1). */
export const TARGETING_REASONS = { '01': 'chronic diseases, drugs and cost', '02': 'DMP at-risk', '03': 'both', '04': 'expanded criteria' } as const;
export type TargetingReasonCode = keyof typeof TARGETING_REASONS;
const REASON_CODES = Object.keys(TARGETING_REASONS) as [TargetingReasonCode, ...TargetingReasonCode[]];

/**
 * What the end of a run did about an eligible patient: `enrolled` by this run; `already-enrolled` before it;
 * `opted-out` of the program earlier (never re-enrolled); `not-enrolled` because the program was inactive.
 */
export const ENROLLMENT_OUTCOMES = ['enrolled', 'already-enrolled', 'opted-out', 'not-enrolled'] as const;
export type EnrollmentOutcome = (typeof ENROLLMENT_OUTCOMES)[number];

/**
 * A panel program's decision about a patient (engines/targeting/panel.ts): `qualifies` (eligible, enrolled),
 * `could-not-assess` (the record cannot answer a criterion the decision hangs on; never enrolled) or `not`.
 */
export const PANEL_DECISIONS = ['qualifies', 'could-not-assess', 'not'] as const;
export type PanelDecisionCode = (typeof PANEL_DECISIONS)[number];

/** One criterion of a panel program for one patient, with the facts that decided it ("9 active medications (needs 8)"). */
export type PanelCriterionOutcome = { criterion: string; status: 'met' | 'not-met' | 'could-not-assess'; detail: string };

export type TargetRunSummary = {
  members: number;
  /** Part D: eligible by any reason; panel programs: qualifies. */
  eligible: number;
  /** Part D reason codes; all 0 for panel programs (the codes are CMS's, for Part D only). */
  byReason: Record<TargetingReasonCode, number>;
  /** Panel programs: patients per decision; null for Part D. */
  byDecision: Record<PanelDecisionCode, number> | null;
  /** Enrolled by this run (including `enrolledDeceased`). */
  enrolledNow: number;
  /** Enrolled by this run although they have died since: opted out at once with reason 01 (death). */
  enrolledDeceased: number;
  alreadyEnrolled: number;
  optedOut: number;
  notEnrolled: number;
};

/** A targeting run as the API returns it. */
export type TargetRun = {
  id: string; orgId: string; programId: string; programName: string;
  /** `partd`: the CMS criteria and reason codes; any other kind: the program's panel criteria. */
  programKind: ProgramKind;
  year: number; asOf: string;
  /** The program's criteria as the run used them. */
  criteria: Record<string, unknown>;
  status: 'running' | 'done' | 'failed'; membersTotal: number; membersDone: number; shardsTotal: number; shardsDone: number;
  knowledgeLabel: string;
  /** Set when the run is done. */
  summary: TargetRunSummary | null;
  error: string | null; startedAt: string; finishedAt: string | null;
  /** Display name of the user who started it; null when started from the command line. */
  startedBy: string | null;
};

export type TargetResultRow = {
  patientId: string;
  name: string;
  birthDate: string;
  memberId: string | null;
  /** Part D: eligible; panel programs: qualifies. */
  eligible: boolean;
  /** Part D only. */
  reason: TargetingReasonCode | null;
  /** Part D only: panel programs have no date met (their patients are enrolled on the run's as-of day). */
  dateMet: string | null;
  /** Core chronic disease group keys (src/knowledge/targeting/partd-core-diseases.json). */
  coreDiseases: string[];
  drugCount: number;
  annualCost: number | null;
  evaluatedOn: string | null;
  notes: string[];
  enrollment: EnrollmentOutcome | null;
  /** Panel programs only (null for Part D): the decision and every criterion's outcome, in the program's order. */
  decision: PanelDecisionCode | null;
  outcomes: PanelCriterionOutcome[] | null;
};

/** Start a run: as of a day (default: today, or the program year's last day when that is earlier). */
export const targetRunInput = z.object({ asOf: isoDate.optional() }).strict();

export const targetMembersQuery = {
  reason: z.enum(REASON_CODES, { message: 'expected a reason code 01, 02, 03 or 04' }).optional(),
  enrollment: z.enum(ENROLLMENT_OUTCOMES).optional(),
  /** Panel programs: which decision to list (default: those who qualify). */
  decision: z.enum(PANEL_DECISIONS, { message: 'expected a decision: qualifies, could-not-assess or not' }).optional(),
};

/** The plan's Drug Management Program determination; `atRiskOn: null` clears it. */
export const dmpStatusInput = z
  .object({ atRiskOn: isoDate.nullable(), atRiskUntil: isoDate.nullable().default(null) })
  .strict()
  .superRefine((v, ctx) => {
    if (v.atRiskUntil !== null && v.atRiskOn === null) ctx.addIssue({ code: 'custom', path: ['atRiskUntil'], message: 'needs atRiskOn: an end without a start' });
    if (v.atRiskUntil !== null && v.atRiskOn !== null && v.atRiskUntil < v.atRiskOn) {
      ctx.addIssue({ code: 'custom', path: ['atRiskUntil'], message: `must not be before atRiskOn (${v.atRiskOn})` });
    }
  });
export type DmpStatusInput = z.infer<typeof dmpStatusInput>;
