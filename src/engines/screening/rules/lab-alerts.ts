// Lab results out of range for the patient's therapy (knowledge: care-gaps.json /labAlerts): high potassium on a
// RAAS inhibitor, INR above 4 on warfarin, A1c ≥ 9 on diabetes drugs. Only the latest result within the window
// counts; no result at all is the monitoring rules' business.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, LabAlert } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { appliesTo } from './monitoring.ts';

function evaluate(e: LabAlert, ctx: ScreenContext): DtpFinding[] {
  if (e.minAge !== undefined && (ctx.age === undefined || ctx.age < e.minAge)) return [];
  if (e.maxAge !== undefined && (ctx.age === undefined || ctx.age > e.maxAge)) return [];
  const hit = appliesTo(e, ctx);
  if (!hit) return [];
  const obs = ctx.latest(e.loinc, e.withinDays);
  if (!obs) return [];
  const high = e.atOrAbove !== undefined && obs.value >= e.atOrAbove;
  const low = e.below !== undefined && obs.value < e.below;
  if (!high && !low) return [];
  const bound = high ? `≥ ${e.atOrAbove}` : `< ${e.below}`;
  const who = hit.matches.length > 0 ? medNames(hit.matches) : hit.conditions.map((c) => c.text).slice(0, 2).join(', ');
  return [finding({
    rule: { id: e.id, version: e.version, family: 'lab-result' }, category: e.category, severity: e.severity, title: e.title,
    matches: hit.matches, conditions: hit.conditions, observations: [obs],
    facts: [`${e.labName} ${obs.value} ${obs.unit ?? e.unit} on ${obs.date} (${bound} ${e.unit})`],
    summary: `${who}: ${e.labName} ${obs.value} ${obs.unit ?? e.unit} on ${obs.date}.`,
    recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
  })];
}

export function labAlertRules(k: Knowledge): Rule[] {
  return k.labAlerts.map((e) => ({ id: e.id, version: e.version, family: 'lab-result', ...(e.drugs ? { trigger: e.drugs } : {}), evaluate: (ctx) => evaluate(e, ctx) }));
}
