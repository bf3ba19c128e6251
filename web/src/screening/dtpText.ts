import type { DtpCategory, DtpGroup, Severity } from '../../../src/domain/screening.ts';

export const CATEGORY_LABEL: Record<DtpCategory, string> = {
  'unnecessary-therapy': 'Unnecessary drug therapy',
  'needs-additional-therapy': 'Needs additional drug therapy',
  'ineffective-drug': 'Ineffective drug',
  'dosage-too-low': 'Dosage too low',
  'adverse-drug-reaction': 'Adverse drug reaction',
  'dosage-too-high': 'Dosage too high',
  'non-adherence': 'Non-adherence',
};

export const GROUP_LABEL: Record<DtpGroup, string> = { indication: 'Indication', effectiveness: 'Effectiveness', safety: 'Safety', adherence: 'Adherence' };

export const SEVERITY_LABEL: Record<Severity, string> = { high: 'High', moderate: 'Moderate', low: 'Low' };
