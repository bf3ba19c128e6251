// Cost: a branded product (RxNorm SBD, "[Brand]" in the name) whose generic equivalent (same ingredients, strength
// and dose form) exists in the product table. Brand-to-generic switches are the most common cost intervention and
// cost is a leading cause of non-adherence, hence the category.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, Provenance } from '../../../knowledge/screening/index.ts';
import { SNOMED } from '../../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from '../context.ts';
import { finding, type Rule } from '../finding.ts';

export const COST_RULE = { id: 'cost.brand-with-generic', version: 1 } as const;

const PROVENANCE: Provenance = {
  citation: 'NLM RxNorm: SBD (branded drug) and SCD (clinical drug) concepts share ingredients, strengths and dose form; FDA Orange Book therapeutic equivalence for the switch itself.',
  url: 'https://www.nlm.nih.gov/research/umls/rxnorm/docs/appendix5.html',
  version: 'RxNorm term types (2025)',
  retrieved: '2026-11-25',
  file: 'src/engines/screening/rules/cost.ts',
};

const genericNames = new WeakMap<Knowledge, Map<string, string>>();
function genericIndex(k: Knowledge): Map<string, string> {
  let idx = genericNames.get(k);
  if (!idx) {
    idx = new Map();
    for (const [code, p] of k.products) if (!p.name.includes('[')) idx.set(p.name.toLowerCase(), code);
    genericNames.set(k, idx);
  }
  return idx;
}

function evaluate(ctx: ScreenContext): DtpFinding[] {
  const out: DtpFinding[] = [];
  for (const med of ctx.meds) {
    const m = /^(.*?)\s*\[([^\]]+)\]\s*$/.exec(med.productName);
    if (!m || med.resolvedBy !== 'product-code') continue;
    const generic = genericIndex(ctx.knowledge).get((m[1] ?? '').toLowerCase());
    if (!generic) continue;
    out.push(finding({
      rule: { ...COST_RULE, family: 'cost' }, category: 'non-adherence', severity: 'low', title: `Brand ${m[2]} where a generic exists`,
      matches: [{ med, ingredients: med.ingredients }], facts: [`generic equivalent: ${m[1]} (RxCUI ${generic})`],
      summary: `${med.med.name}: the generic ${m[1]} is available and usually costs less.`,
      recommendation: `Ask the prescriber or plan about switching to generic ${m[1]} (RxCUI ${generic}) unless the brand is needed; check the patient's copay for both.`,
      patientText: `Ask whether you can get the generic version of ${m[2]}. It works the same way and usually costs less.`,
      snomed: SNOMED.cannotAfford, provenance: PROVENANCE,
    }));
  }
  return out;
}

export function costRules(_k: Knowledge): Rule[] {
  return [{ ...COST_RULE, family: 'cost', evaluate }];
}
