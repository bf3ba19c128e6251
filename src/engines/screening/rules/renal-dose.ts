// Renal dose limits (knowledge: renal.json): each rule names the estimate its labelling uses — Cockcroft–Gault
// CrCl or CKD-EPI 2021 eGFR — and steps from the most severe. Missing inputs give "could not assess" listing them
// (no recent serum creatinine, no weight for Cockcroft–Gault), never silence.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, RenalRule } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';
import { round } from '../resolve.ts';

const LABEL = { crcl: 'CrCl', egfr: 'eGFR' } as const;
const UNIT = { crcl: 'mL/min', egfr: 'mL/min/1.73m²' } as const;

function evaluate(e: RenalRule, ctx: ScreenContext): DtpFinding[] {
  const matches = matchAll(e.drugs, ctx.meds);
  if (matches.length === 0) return [];
  const kidney = ctx.kidney();
  const estimate = kidney[e.measure];
  const worst = e.steps[0];
  const base = { rule: { id: e.id, version: e.version, family: 'renal-dose' }, title: e.title, provenance: e.provenance };
  if (!estimate) {
    return [finding({
      ...base, category: 'dosage-too-high', severity: worst?.severity === 'high' ? 'moderate' : 'low', status: 'could-not-assess', matches,
      summary: `${medNames(matches)} needs a dose check against ${LABEL[e.measure]}; could not assess — needs ${kidney.missing[e.measure].join(', ')}.`,
      missing: kidney.missing[e.measure],
      recommendation: `Obtain ${kidney.missing[e.measure].join(' and ')} to check the dose against kidney function.`,
      patientText: worst?.patientText ?? 'Ask your doctor for a kidney blood test to check the dose of this medicine.',
    })];
  }
  const step = e.steps.find((s) => estimate.value < s.below);
  if (!step) return [];
  const facts = [...estimate.facts, `${LABEL[e.measure]} below ${step.below} ${UNIT[e.measure]}: ${step.action.replace('-', ' ')}`];
  const common = { ...base, severity: step.severity, matches, observations: estimate.observations, recommendation: step.recommendation, patientText: step.patientText, ...(step.snomed ? { snomed: step.snomed } : {}) };
  if (step.action === 'max-dose' && step.maxDailyMg !== undefined) {
    const max = step.maxDailyMg;
    const doses = matches.flatMap((m) => m.ingredients.map((i) => i.dailyMg));
    if (doses.some((d) => d === undefined)) {
      return [finding({ ...common, category: 'dosage-too-high', status: 'could-not-assess', facts, missing: ['daily dose (strength and directions)'],
        summary: `${medNames(matches)}: maximum ${max} mg/day at ${LABEL[e.measure]} ${Math.round(estimate.value)}; could not assess — needs the daily dose.` })];
    }
    const total = doses.reduce<number>((s, d) => s + (d ?? 0), 0);
    if (total <= max) return [];
    return [finding({ ...common, category: 'dosage-too-high', facts: [...facts, `${round(total)} mg/day > ${max} mg/day`],
      summary: `${medNames(matches)} ${round(total)} mg/day exceeds ${max} mg/day for ${LABEL[e.measure]} ${Math.round(estimate.value)} ${UNIT[e.measure]}.` })];
  }
  const category = step.action === 'monitor' ? 'adverse-drug-reaction' : 'dosage-too-high';
  return [finding({ ...common, category, facts,
    summary: `${medNames(matches)} with ${LABEL[e.measure]} ${Math.round(estimate.value)} ${UNIT[e.measure]}: ${step.action === 'avoid' ? 'avoid' : step.action === 'reduce-dose' ? 'reduce the dose' : 'monitor closely'} (below ${step.below}).` })];
}

export function renalRules(k: Knowledge): Rule[] {
  return k.renal.map((e) => ({ id: e.id, version: e.version, family: 'renal-dose', trigger: e.drugs, evaluate: (ctx) => evaluate(e, ctx) }));
}
