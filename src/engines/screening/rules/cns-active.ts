// Beers 2023: avoid three or more CNS-active drugs together in older adults (falls and fractures).
import type { Knowledge } from '../../../knowledge/screening/index.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';

export function cnsActiveRules(k: Knowledge): Rule[] {
  const e = k.cnsActive;
  if (!e) return [];
  return [{
    id: e.id, version: e.version, family: 'beers',
    evaluate(ctx) {
      const matches = matchAll(e.drugs, ctx.meds);
      if (matches.length < e.minCount) return [];
      const base = { rule: { id: e.id, version: e.version, family: 'beers' }, category: 'adverse-drug-reaction' as const, severity: e.severity, title: `${matches.length} CNS-active medications together`, matches, recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance };
      if (ctx.age === undefined) return [finding({ ...base, status: 'could-not-assess', summary: `${medNames(matches)}: ${matches.length} CNS-active drugs (Beers: adults 65+); could not assess — needs date of birth.`, missing: ['date of birth'] })];
      if (ctx.age < 65) return [];
      return [finding({ ...base, facts: [...ageFact(ctx), `${matches.length} CNS-active drugs (threshold ${e.minCount})`], summary: `${medNames(matches)}: ${matches.length} CNS-active drugs together raise the risk of falls and fractures.` })];
    },
  }];
}
