// AGS Beers Criteria 2023 "avoid" medications for older adults (knowledge: beers.json /avoid).
// Age unknown → could not assess (needs date of birth). Dose-limited entries (digoxin > 0.125 mg/day, doxepin
// > 6 mg/day) need the daily dose; unknown dose → could not assess.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { BeersAvoid, Knowledge } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';
import { round } from '../resolve.ts';

function evaluate(e: BeersAvoid, ctx: ScreenContext): DtpFinding[] {
  const matches = matchAll(e.drugs, ctx.meds);
  if (matches.length === 0) return [];
  if (e.unlessConditions.some((k) => ctx.conditionsFor(k).length > 0)) return [];
  const base = {
    rule: { id: e.id, version: e.version, family: 'beers' }, category: 'adverse-drug-reaction' as const, severity: e.severity,
    title: e.title, recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
  };
  if (ctx.age === undefined) {
    return [finding({ ...base, status: 'could-not-assess', matches, summary: `${medNames(matches)} is on the Beers list for adults ${e.minAge}+; could not assess — needs date of birth.`, missing: ['date of birth'] })];
  }
  if (ctx.age < e.minAge) return [];
  const out: DtpFinding[] = [];
  for (const m of matches) {
    const facts = [...ageFact(ctx), e.rationale];
    if (e.whenDailyDoseAboveMg !== undefined) {
      const doses = m.ingredients.map((i) => i.dailyMg);
      if (doses.some((d) => d === undefined)) {
        out.push(finding({ ...base, status: 'could-not-assess', matches: [m], facts, summary: `${m.med.med.name}: avoid above ${e.whenDailyDoseAboveMg} mg/day at age ${ctx.age}; could not assess — needs the daily dose.`, missing: ['daily dose (strength and directions)'] }));
        continue;
      }
      const total = doses.reduce<number>((s, d) => s + (d ?? 0), 0);
      if (total <= e.whenDailyDoseAboveMg) continue;
      facts.push(`${round(total)} mg/day (limit ${e.whenDailyDoseAboveMg} mg/day)`);
    }
    out.push(finding({ ...base, matches: [m], facts, summary: `${m.med.med.name} at age ${ctx.age}: ${e.rationale}` }));
  }
  return out;
}

export function beersAvoidRules(k: Knowledge): Rule[] {
  return k.beersAvoid.map((e) => ({ id: e.id, version: e.version, family: 'beers', trigger: e.drugs, evaluate: (ctx) => evaluate(e, ctx) }));
}
