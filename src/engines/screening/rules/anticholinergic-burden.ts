// Total anticholinergic burden (ACB scale scores on drugs.json entries) at or above the threshold: cognitive
// impairment, falls and mortality rise with the total (Boustani 2008; Fox 2011). Counted once per ingredient.
import type { Knowledge } from '../../../knowledge/screening/index.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import type { Match } from '../select.ts';

export function anticholinergicBurdenRules(k: Knowledge): Rule[] {
  const e = k.anticholinergic;
  if (!e) return [];
  return [{
    id: e.id, version: e.version, family: 'anticholinergic-burden',
    evaluate(ctx) {
      const seen = new Set<string>();
      const matches: Match[] = [];
      let total = 0;
      const parts: string[] = [];
      for (const med of ctx.meds) {
        const scored = med.ingredients.filter((i) => (i.drug?.ach ?? 0) > 0 && !seen.has(i.name));
        if (scored.length === 0) continue;
        for (const i of scored) { seen.add(i.name); total += i.drug?.ach ?? 0; parts.push(`${i.name} ${i.drug?.ach}`); }
        matches.push({ med, ingredients: scored });
      }
      if (total < e.threshold) return [];
      return [finding({
        rule: { id: e.id, version: e.version, family: 'anticholinergic-burden' }, category: 'adverse-drug-reaction', severity: e.severity,
        title: `Anticholinergic burden score ${total}`, matches, facts: [...ageFact(ctx), `ACB total ${total} (${parts.join(', ')}); threshold ${e.threshold}`],
        summary: `${medNames(matches)}: total anticholinergic burden ${total} (≥ ${e.threshold}) raises the risk of confusion, falls and constipation.`,
        recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
      })];
    },
  }];
}
