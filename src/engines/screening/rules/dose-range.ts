// Maximum total daily dose (knowledge: doses.json), summed over every active product with the ingredient (two
// acetaminophen products count together). Older-adult limits apply from their age. A product whose dose cannot be
// computed from strength and directions makes the check "could not assess", unless the known part already exceeds.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { DoseLimit, Knowledge } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';
import { round } from '../resolve.ts';

function evaluate(e: DoseLimit, ctx: ScreenContext): DtpFinding[] {
  const matches = matchAll({ ingredients: [e.ingredient], ...(e.onlyDoseForms ? { onlyDoseForms: e.onlyDoseForms } : {}) }, ctx.meds);
  if (matches.length === 0) return [];
  const older = e.olderAdult && ctx.age !== undefined && ctx.age >= e.olderAdult.minAge ? e.olderAdult : undefined;
  const max = older?.maxDailyMg ?? e.maxDailyMg;
  let known = 0;
  const unknown: string[] = [];
  for (const m of matches) {
    const d = m.ingredients[0]?.dailyMg;
    if (d === undefined) unknown.push(m.med.med.name); else known += d;
  }
  const base = { rule: { id: e.id, version: e.version, family: 'dose-range' }, matches, provenance: e.provenance, recommendation: e.recommendation, patientText: e.patientText, ...(e.snomed ? { snomed: e.snomed } : {}) };
  const limitText = `${max} mg/day${older ? ` (age ${older.minAge}+)` : ''}`;
  if (known > max) {
    return [finding({ ...base, category: 'dosage-too-high', severity: known > max * 1.5 ? 'high' : 'moderate', title: `${e.ingredient} above the maximum daily dose`,
      facts: [...ageFact(ctx), `${e.ingredient} ${round(known)} mg/day; maximum ${limitText}`],
      summary: `${medNames(matches)}: ${e.ingredient} ${round(known)} mg/day is above the maximum of ${limitText}.` })];
  }
  if (unknown.length > 0) {
    return [finding({ ...base, category: 'dosage-too-high', severity: 'low', status: 'could-not-assess', title: `${e.ingredient} daily dose not checked`,
      missing: unknown.map((n) => `strength and directions (dose and frequency) for ${n}`),
      summary: `${medNames(matches)}: maximum ${e.ingredient} ${limitText}; could not assess — the daily dose cannot be computed from the record.` })];
  }
  return [];
}

export function doseRangeRules(k: Knowledge): Rule[] {
  return k.doses.map((e) => ({ id: e.id, version: e.version, family: 'dose-range', trigger: { ingredients: [e.ingredient] }, evaluate: (ctx) => evaluate(e, ctx) }));
}
