// Statin intensity after clinical ASCVD (ACC/AHA 2018): age ≤ 75 should take a high-intensity statin (atorvastatin
// 40–80 mg, rosuvastatin 20–40 mg). Intensity comes from the total daily dose and the thresholds on each statin in
// drugs.json; a statin with no high-intensity dose (simvastatin, pravastatin…) counts as not high. An unknown daily
// dose is "could not assess". No statin at all is gap.statin-ascvd's finding, not this one.
import type { Knowledge, Provenance } from '../../../knowledge/screening/index.ts';
import { ageFact, finding, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';
import { round } from '../resolve.ts';

export const STATIN_INTENSITY_RULE = { id: 'gap.statin-intensity-ascvd', version: 1 } as const;
const MAX_AGE = 75;

const PROVENANCE: Provenance = {
  citation: 'Grundy SM, et al. 2018 AHA/ACC Guideline on the Management of Blood Cholesterol. Circulation 2019;139:e1082–e1143 (secondary prevention: high-intensity statin for clinical ASCVD age ≤ 75; statin intensity table).',
  url: 'https://www.ahajournals.org/doi/10.1161/CIR.0000000000000625',
  version: '2018', retrieved: '2026-11-25', file: 'src/engines/screening/rules/statin-intensity.ts',
};

export function intensityOf(mgPerDay: number, t: { moderateFromMg: number; highFromMg?: number }): 'low' | 'moderate' | 'high' {
  if (t.highFromMg !== undefined && mgPerDay >= t.highFromMg) return 'high';
  return mgPerDay >= t.moderateFromMg ? 'moderate' : 'low';
}

export function statinIntensityRules(_k: Knowledge): Rule[] {
  return [{
    ...STATIN_INTENSITY_RULE, family: 'missing-therapy', trigger: { classes: ['statin'] },
    evaluate(ctx) {
      const ascvd = ctx.conditionsFor('ascvd');
      if (ascvd.length === 0 || ctx.age === undefined || ctx.age > MAX_AGE) return [];
      const statins = matchAll({ classes: ['statin'] }, ctx.meds);
      const base = {
        rule: { ...STATIN_INTENSITY_RULE, family: 'missing-therapy' }, category: 'dosage-too-low' as const, severity: 'moderate' as const,
        title: 'Statin below high intensity after ASCVD', matches: statins, conditions: ascvd, provenance: PROVENANCE,
        recommendation: 'Recommend a high-intensity statin (atorvastatin 40–80 mg or rosuvastatin 20–40 mg daily) for clinical ASCVD at age ≤ 75 unless not tolerated; document the reason if intensity stays lower.',
        patientText: 'Ask your doctor whether a stronger dose of your cholesterol medicine is right for you. After a heart attack or stroke it lowers the chance of another one.',
      };
      let best: 'low' | 'moderate' | 'high' | undefined;
      const facts: string[] = [];
      for (const m of statins) {
        for (const i of m.ingredients) {
          const t = i.drug?.statinIntensity;
          if (!t || i.dailyMg === undefined) continue;
          const level = intensityOf(i.dailyMg, t);
          facts.push(`${i.name} ${round(i.dailyMg)} mg/day = ${level} intensity`);
          if (level === 'high' || best === undefined || (best === 'low' && level === 'moderate')) best = level;
        }
      }
      if (best === 'high') return [];
      if (best === undefined) {
        return [finding({ ...base, status: 'could-not-assess', facts: ageFact(ctx), missing: ['statin daily dose (strength and directions)'],
          summary: 'Clinical ASCVD on a statin whose daily dose is not in the record; intensity could not be assessed.' })];
      }
      return [finding({ ...base, facts: [...ageFact(ctx), ...facts], summary: `Clinical ASCVD at age ${ctx.age} on a ${best}-intensity statin (${facts.join('; ')}).` })];
    },
  }];
}
