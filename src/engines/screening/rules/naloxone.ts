// Naloxone for patients at risk of opioid overdose (CDC 2022): total ≥ 50 morphine milligram equivalents a day,
// or an opioid together with a benzodiazepine. MME uses the CDC conversion factors in care-gaps.json; an opioid
// whose daily dose cannot be computed makes the MME part "could not assess" (the benzodiazepine part still decides).
import type { Knowledge } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';
import { round } from '../resolve.ts';

const RESCUE = new Set(['naloxone', 'nalmefene']);

export const NALOXONE_RULE = { id: 'gap.naloxone-opioid-risk', version: 1 } as const;

export function totalMme(ctx: ScreenContext, factors: Record<string, number>): { mme: number; unknown: string[]; parts: string[] } {
  let mme = 0;
  const unknown: string[] = [];
  const parts: string[] = [];
  for (const m of matchAll({ classes: ['opioid'] }, ctx.meds)) {
    for (const i of m.ingredients) {
      const f = factors[i.name];
      if (f === undefined) continue; // buprenorphine and others without a CDC factor are not counted
      // fentanyl patches: strength is mcg/hr (MG/HR in RxNorm), factor applies per mcg/hr
      const perDay = i.name === 'fentanyl' && i.unit === 'MCG/HR' && i.strength !== undefined ? i.strength : i.name === 'fentanyl' && i.unit === 'MG/HR' && i.strength !== undefined ? i.strength * 1000 : i.dailyMg;
      if (perDay === undefined) { unknown.push(m.med.med.name); continue; }
      mme += perDay * f;
      parts.push(`${i.name} ${round(perDay)}${i.name === 'fentanyl' ? ' mcg/hr' : ' mg/day'} × ${f}`);
    }
  }
  return { mme, unknown, parts };
}

export function naloxoneRules(k: Knowledge): Rule[] {
  const mmeData = k.mme;
  if (!mmeData) return [];
  return [{
    ...NALOXONE_RULE, family: 'missing-therapy',
    evaluate(ctx) {
      const opioids = matchAll({ classes: ['opioid'] }, ctx.meds);
      if (opioids.length === 0) return [];
      // rescue naloxone is a single-ingredient product; buprenorphine/naloxone tablets do not count
      if (ctx.meds.some((m) => m.ingredients.length === 1 && RESCUE.has(m.ingredients[0]?.name ?? ''))) return [];
      const benzos = matchAll({ classes: ['benzodiazepine'] }, ctx.meds);
      const { mme, unknown, parts } = totalMme(ctx, mmeData.factors);
      const base = {
        rule: { ...NALOXONE_RULE, family: 'missing-therapy' }, category: 'needs-additional-therapy' as const, title: 'Opioid overdose risk without naloxone',
        recommendation: 'Offer naloxone (e.g. 4 mg nasal spray) and teach the patient and household how to use it (CDC 2022: ≥ 50 MME/day or with benzodiazepines); pharmacists may dispense under standing order in most states.',
        patientText: 'Keep naloxone (Narcan) at home and show your family how to use it. It can save your life if you take too much of your pain medicine.',
        provenance: mmeData.provenance,
      };
      const threshold = mmeData.naloxoneThresholdMme;
      if (benzos.length > 0 || mme >= threshold) {
        return [finding({ ...base, severity: 'high', matches: [...opioids, ...benzos], drugs: ['naloxone'],
          facts: [`${round(mme)} MME/day${parts.length ? ` (${parts.join(' + ')})` : ''}`, ...(benzos.length ? ['opioid with a benzodiazepine'] : [])],
          summary: `${medNames([...opioids, ...benzos])}: ${benzos.length > 0 ? 'opioid with a benzodiazepine' : `${round(mme)} MME/day (≥ ${threshold})`} and no naloxone on the list.` })];
      }
      if (unknown.length > 0) {
        return [finding({ ...base, severity: 'low', status: 'could-not-assess', matches: opioids, drugs: ['naloxone'],
          missing: unknown.map((n) => `strength and directions for ${n} (to compute MME/day)`),
          summary: `${medNames(opioids)}: could not compute morphine milligram equivalents to decide whether naloxone is indicated.` })];
      }
      return [];
    },
  }];
}
