// A program's criteria in words for the Programs table: Part D's (contract, CMS thresholds, DMP) and a panel
// program's (src/domain/worklists.ts panelCriteriaSchema), each criterion the way a manager would say it.
import type { DtpSeverityLevel, PanelCriteria } from '../../../src/domain/worklists.ts';
import { fmtMoney } from '../format.ts';
import type { ProgramRow } from './worklistText.ts';

export const DTP_LEVEL_LABELS: Record<DtpSeverityLevel, string> = { high: 'High severity', moderate: 'Moderate or high severity' };

const pct = (fraction: number) => `${Number((fraction * 100).toFixed(1))}%`;

function panelSummary(c: PanelCriteria): string {
  const parts = [
    c.minMedications !== undefined ? `≥ ${c.minMedications} medications` : '',
    c.minChronicConditions !== undefined ? `≥ ${c.minChronicConditions} chronic conditions` : '',
    c.highRiskDrugClasses?.length ? `takes ${c.highRiskDrugClasses.join(' or ')}` : '',
    c.a1cAbove !== undefined ? `A1c > ${c.a1cAbove}%` : '',
    c.pdcBelow !== undefined ? `PDC < ${pct(c.pdcBelow)}` : '',
    c.recentDischargeDays !== undefined ? `discharged within ${c.recentDischargeDays} days` : '',
    c.dtpSeverityAtLeast !== undefined ? `a drug therapy problem of ${DTP_LEVEL_LABELS[c.dtpSeverityAtLeast].toLowerCase()}` : '',
    c.minAnnualCost !== undefined ? `≥ ${fmtMoney(c.minAnnualCost)} drug cost in 365 days` : '',
  ].filter(Boolean);
  if (parts.length === 0) return 'everyone';
  return parts.length > 1 && c.match === 'any' ? `any of: ${parts.join(' · ')}` : parts.join(' · ');
}

export function criteriaSummary(p: ProgramRow): string {
  const c = p.criteria;
  if (p.kind !== 'partd') return panelSummary(c as PanelCriteria);
  const parts = [
    c['contract'] ? `contract ${String(c['contract'])}` : '',
    c['minCoreDiseases'] !== undefined ? `≥ ${String(c['minCoreDiseases'])} core diseases` : '',
    c['minDrugs'] !== undefined ? `≥ ${String(c['minDrugs'])} Part D drugs` : '',
    typeof c['costThreshold'] === 'number' ? `≥ ${fmtMoney(c['costThreshold'])} annual cost` : '',
    c['includeDmp'] ? 'DMP at-risk members' : '',
  ];
  return parts.filter(Boolean).join(' · ');
}
