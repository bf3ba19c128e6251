// Therapeutic duplication (knowledge: duplications.json): two or more active medications in one class, unless
// every pair is a listed legitimate combination (basal + bolus insulin, long-acting + breakthrough opioid).
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Duplication, Knowledge } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { matchAll, type Match } from '../select.ts';

/** Locally acting products (eye drops, nasal sprays, creams) do not duplicate systemic therapy. */
const LOCAL_FORMS = ['Ophthalmic', 'Otic', 'Nasal', 'Topical', 'Vaginal', 'Rectal Cream', 'Shampoo'];

function allowed(e: Duplication, a: Match, b: Match): boolean {
  const has = (m: Match, cls: string) => m.ingredients.some((i) => i.drug?.classSet.has(cls as never));
  return e.allowedPairs.some(([x, y]) => (has(a, x) && has(b, y) && !has(a, y)) || (has(a, y) && has(b, x) && !has(a, x)));
}

function evaluate(e: Duplication, ctx: ScreenContext): DtpFinding[] {
  const matches = matchAll({ classes: [e.class], excludeDoseForms: LOCAL_FORMS }, ctx.meds);
  if (matches.length < 2) return [];
  const involved = new Set<Match>();
  for (let i = 0; i < matches.length; i++) {
    for (let j = i + 1; j < matches.length; j++) {
      const a = matches[i];
      const b = matches[j];
      if (a && b && !allowed(e, a, b)) { involved.add(a); involved.add(b); }
    }
  }
  if (involved.size < 2) return [];
  const list = [...involved];
  const sameIngredient = new Set(list.flatMap((m) => m.ingredients.map((i) => i.name))).size === 1;
  return [finding({
    rule: { id: e.id, version: e.version, family: 'duplication' },
    category: 'unnecessary-therapy', severity: e.severity, title: e.title,
    summary: sameIngredient
      ? `${medNames(list)} are the same drug listed more than once — confirm which one the patient takes.`
      : `${medNames(list)} are both ${e.class.replace(/-/g, ' ')} medications.`,
    matches: list, recommendation: e.recommendation, patientText: e.patientText,
    ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
  })];
}

export function duplicationRules(k: Knowledge): Rule[] {
  return k.duplications.map((e) => ({ id: e.id, version: e.version, family: 'duplication', trigger: { classes: [e.class] }, evaluate: (ctx) => evaluate(e, ctx) }));
}
