// Monitoring gaps (knowledge: care-gaps.json /monitoring): a drug or condition that needs a lab within a period
// and no such result on record. Absence of the lab IS the finding, so there is no "could not assess" here.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, MonitoringRule } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { matchAll, type Match } from '../select.ts';

/** Drugs and conditions both must match when both are given; shared with lab alerts. */
export function appliesTo(r: { drugs?: MonitoringRule['drugs']; conditions?: string[] }, ctx: ScreenContext) {
  const matches: Match[] = r.drugs ? matchAll(r.drugs, ctx.meds) : [];
  if (r.drugs && matches.length === 0) return undefined;
  const conditions = (r.conditions ?? []).flatMap((k) => ctx.conditionsFor(k));
  if ((r.conditions?.length ?? 0) > 0 && conditions.length === 0) return undefined;
  return { matches, conditions };
}

function evaluate(e: MonitoringRule, ctx: ScreenContext): DtpFinding[] {
  const hit = appliesTo(e, ctx);
  if (!hit) return [];
  if (ctx.latest(e.loinc, e.withinDays)) return [];
  const why = hit.matches.length > 0 ? medNames(hit.matches) : hit.conditions.map((c) => c.text).slice(0, 2).join(', ');
  return [finding({
    rule: { id: e.id, version: e.version, family: 'monitoring' }, category: e.category, severity: e.severity, title: e.title,
    matches: hit.matches, conditions: hit.conditions, facts: [`no ${e.labName} result (LOINC ${e.loinc.join(', ')}) in the ${e.withinDays} days before ${ctx.asOf}`],
    summary: `${why}: no ${e.labName} on record in the last ${e.withinDays} days.`,
    recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
  })];
}

export function monitoringRules(k: Knowledge): Rule[] {
  return k.monitoring.map((e) => ({ id: e.id, version: e.version, family: 'monitoring', ...(e.drugs ? { trigger: e.drugs } : {}), evaluate: (ctx) => evaluate(e, ctx) }));
}
