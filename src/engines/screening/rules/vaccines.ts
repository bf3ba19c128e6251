// Preventive gaps: adult vaccines by age (knowledge: care-gaps.json /vaccines). "No record" is reported as a gap
// with the advice to check the state immunization registry first, because outside records are often incomplete.
import type { DtpFinding } from '../../../domain/screening.ts';
import { toDay } from '../../../domain/days.ts';
import type { Knowledge, VaccineRule } from '../../../knowledge/screening/index.ts';
import { SNOMED } from '../../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from '../context.ts';
import { ageFact, finding, type Rule } from '../finding.ts';

/** First day of the respiratory-virus season containing asOf (seasons start August 1). */
export function seasonStart(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  return `${m >= 8 ? y : y - 1}-08-01`;
}

function evaluate(e: VaccineRule, ctx: ScreenContext): DtpFinding[] {
  const base = {
    rule: { id: e.id, version: e.version, family: 'preventive' }, category: 'needs-additional-therapy' as const, severity: e.severity, title: e.title,
    recommendation: e.recommendation, patientText: e.patientText,
    snomed: e.snomed ?? (e.vaccine === 'influenza' ? SNOMED.needsInfluenzaVaccine : SNOMED.requiresVaccination), provenance: e.provenance, drugs: [],
  };
  if (ctx.age === undefined) {
    return [finding({ ...base, status: 'could-not-assess', summary: `${e.vaccine} vaccine: could not assess — needs date of birth.`, missing: ['date of birth'] })];
  }
  if (ctx.age < e.minAge || (e.maxAge !== undefined && ctx.age > e.maxAge)) return [];
  const doses = ctx.snapshot.immunizations.filter((i) => e.cvx.includes(i.cvx) && i.date <= ctx.asOf).sort((a, b) => (a.date < b.date ? 1 : -1));
  let gap: string | undefined;
  if (e.schedule === 'season') {
    const from = seasonStart(ctx.asOf);
    if (!doses.some((d) => d.date >= from)) gap = `no ${e.vaccine} dose since ${from}${doses[0] ? ` (last ${doses[0].date})` : ''}`;
  } else if (e.schedule === 'within-days') {
    const from = ctx.asOfDay - (e.withinDays ?? 365);
    if (!doses.some((d) => toDay(d.date) >= from)) gap = `no ${e.vaccine} dose in the last ${e.withinDays} days${doses[0] ? ` (last ${doses[0].date})` : ''}`;
  } else if (doses.length < (e.doses ?? 1)) {
    gap = `${doses.length} of ${e.doses ?? 1} ${e.vaccine} dose(s) on record`;
  }
  if (!gap) return [];
  return [finding({ ...base, facts: [...ageFact(ctx), gap], summary: `${e.title}: ${gap}.` })];
}

export function vaccineRules(k: Knowledge): Rule[] {
  return k.vaccines.map((e) => ({ id: e.id, version: e.version, family: 'preventive', evaluate: (ctx) => evaluate(e, ctx) }));
}
