// AGS Beers Criteria 2023 drug–disease interactions (knowledge: beers.json /drugDisease): a drug that worsens a
// condition the patient has (NSAID with heart failure, benzodiazepine with falls, anticholinergic with dementia).
import type { DtpFinding } from '../../../domain/screening.ts';
import type { BeersDrugDisease, Knowledge } from '../../../knowledge/screening/index.ts';
import { SNOMED } from '../../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from '../context.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';

function evaluate(e: BeersDrugDisease, ctx: ScreenContext): DtpFinding[] {
  const conditions = ctx.conditionsFor(e.condition);
  if (conditions.length === 0) return [];
  const matches = matchAll(e.drugs, ctx.meds);
  if (matches.length === 0) return [];
  const concept = ctx.knowledge.conditions.get(e.condition)?.label ?? e.condition;
  const base = {
    rule: { id: e.id, version: e.version, family: 'beers-drug-disease' }, category: 'adverse-drug-reaction' as const, severity: e.severity,
    title: e.title, matches, conditions, recommendation: e.recommendation, patientText: e.patientText,
    snomed: e.snomed ?? SNOMED.contraindication, provenance: e.provenance,
  };
  if (ctx.age === undefined) {
    return [finding({ ...base, status: 'could-not-assess', summary: `${medNames(matches)} with ${concept.toLowerCase()}: Beers drug–disease rule for adults ${e.minAge}+; could not assess — needs date of birth.`, missing: ['date of birth'] })];
  }
  if (ctx.age < e.minAge) return [];
  return [finding({ ...base, facts: [...ageFact(ctx), e.rationale], summary: `${medNames(matches)} with ${concept.toLowerCase()}: ${e.rationale}` })];
}

export function beersDrugDiseaseRules(k: Knowledge): Rule[] {
  return k.beersDrugDisease.map((e) => ({ id: e.id, version: e.version, family: 'beers-drug-disease', trigger: e.drugs, evaluate: (ctx) => evaluate(e, ctx) }));
}
