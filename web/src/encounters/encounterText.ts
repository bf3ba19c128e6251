import type { EncounterKind, EncounterStatus } from '../../../src/domain/encounters.ts';

export const KIND_LABEL: Record<EncounterKind, string> = { cmr: 'Comprehensive medication review (CMR)', tmr: 'Targeted medication review (TMR)' };
export const KIND_SHORT: Record<EncounterKind, string> = { cmr: 'CMR', tmr: 'TMR' };
export const STATUS_LABEL: Record<EncounterStatus, string> = { 'in-progress': 'In progress', documented: 'Documented', signed: 'Signed' };
export const ACTIVITY_LABEL = { prework: 'Prework', interview: 'Interview', documentation: 'Documentation', 'follow-up': 'Follow-up' } as const;
export const RECON_LABEL = {
  confirmed: 'Confirmed as listed',
  'changed-sig': 'Takes it with different directions (new sig)',
  'not-taking': 'Not taking',
  'taking-differently': 'Taking differently than prescribed',
  stopped: 'Stopped',
} as const;
export const INTERVENTION_LABEL = {
  education: 'Patient education',
  'prescriber-recommendation': 'Recommendation to prescriber',
  referral: 'Referral',
  'cpa-change': 'Change made under a CPA',
  other: 'Other',
} as const;
export const SEND_LABEL = { 'in-person': 'Handed in person', mail: 'Mail', portal: 'Patient portal', email: 'Email', fax: 'Fax' } as const;
