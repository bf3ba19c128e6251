// Labels for targeting runs on the Programs page — Part D and panel programs (src/domain/targeting.ts).
import type { EnrollmentOutcome, PanelCriterionOutcome, PanelDecisionCode, TargetResultRow, TargetRun, TargetRunSummary } from '../../../src/domain/targeting.ts';
import { ENROLLMENT_OUTCOMES, PANEL_DECISIONS, TARGETING_REASONS } from '../../../src/domain/targeting.ts';
import type { Page } from '../api/types.ts';

export type { EnrollmentOutcome, PanelCriterionOutcome, PanelDecisionCode, TargetResultRow, TargetRun, TargetRunSummary };
export { ENROLLMENT_OUTCOMES, PANEL_DECISIONS, TARGETING_REASONS };

export type TargetMembersPage = Page<TargetResultRow> & { status: TargetRun['status'] };

/** Short names of the core chronic disease groups (keys of src/knowledge/targeting/partd-core-diseases.json). */
const DISEASES: Record<string, string> = {
  alzheimers: "Alzheimer's",
  'bone-disease-arthritis': 'Bone disease/arthritis',
  'chronic-heart-failure': 'Heart failure',
  diabetes: 'Diabetes',
  dyslipidemia: 'Dyslipidemia',
  esrd: 'ESRD',
  'hiv-aids': 'HIV/AIDS',
  hypertension: 'Hypertension',
  'mental-health': 'Mental health',
  respiratory: 'Respiratory',
};
export const fmtDiseases = (keys: readonly string[]) => (keys.length ? keys.map((k) => DISEASES[k] ?? k).join(', ') : '—');

export const fmtReason = (code: string | null) => (code ? `${code} ${TARGETING_REASONS[code as keyof typeof TARGETING_REASONS] ?? ''}`.trim() : '—');

const OUTCOMES: Record<EnrollmentOutcome, string> = {
  enrolled: 'Enrolled by this run',
  'already-enrolled': 'Already enrolled',
  'opted-out': 'Opted out earlier: not re-enrolled',
  'not-enrolled': 'Not enrolled (program inactive)',
};
export const fmtOutcome = (o: EnrollmentOutcome | null) => (o ? OUTCOMES[o] : '—');

export function runStatusText(r: TargetRun): string {
  if (r.status === 'failed') return `Failed: ${r.error ?? 'unknown error'}`;
  if (r.status === 'running') return `Running: ${r.membersDone} of ${r.membersTotal} patients`;
  return 'Done';
}

const DECISIONS: Record<PanelDecisionCode, string> = { qualifies: 'Qualifies', 'could-not-assess': 'Could not assess', not: 'Does not qualify' };
export const fmtDecision = (d: PanelDecisionCode | null) => (d ? DECISIONS[d] : '—');

/** Panel criteria (src/domain/worklists.ts panelCriteriaSchema) and the living / coverage checks before them. */
const CRITERIA: Record<string, string> = {
  living: 'Living',
  coverage: 'Coverage',
  minMedications: 'Medications',
  minChronicConditions: 'Chronic conditions',
  highRiskDrugClasses: 'High-risk drugs',
  a1cAbove: 'A1c',
  pdcBelow: 'Adherence (PDC)',
  recentDischargeDays: 'Recent discharge',
  dtpSeverityAtLeast: 'Drug therapy problems',
  minAnnualCost: 'Annual drug cost',
};
export const fmtCriterion = (c: string) => CRITERIA[c] ?? c;

const STATUSES: Record<PanelCriterionOutcome['status'], string> = { met: 'met', 'not-met': 'not met', 'could-not-assess': 'could not assess' };
export const fmtCriterionStatus = (s: PanelCriterionOutcome['status']) => STATUSES[s];
