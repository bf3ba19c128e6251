// Non-adherence from pharmacy fills: for each active chronic medication with fills, the proportion of days covered
// (PQA rules, shared with the star measures) over the last 180 days and the days since the supply ran out.
// No fill data at all → one "could not assess" finding: adherence cannot be judged from a medication list.
import type { DtpFinding, SnapshotFill } from '../../../domain/screening.ts';
import { toDay, isoDay } from '../../../domain/days.ts';
import { computeCoverage, pdc } from '../../adherence/coverage.ts';
import type { Knowledge, Provenance } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { finding, type Rule } from '../finding.ts';
import { resolveMedication } from '../resolve.ts';
import type { Match } from '../select.ts';

export const ADHERENCE_RULE = { id: 'adherence.pdc-refill-gap', version: 1 } as const;
export const PDC_THRESHOLD = 0.8;
export const WINDOW_DAYS = 180;
export const LATE_REFILL_DAYS = 7;

const PROVENANCE: Provenance = {
  citation: 'Pharmacy Quality Alliance. Proportion of Days Covered (PDC) methodology: threshold 80% for chronic medications; CMS Part D Star Ratings Technical Notes MY2026 (PDC-DR, PDC-RASA, PDC-STA).',
  url: 'https://www.pqaalliance.org/adherence-measures',
  version: 'PQA PDC 2024 / CMS Technical Notes MY2026',
  retrieved: '2026-11-25',
  file: 'src/engines/screening/rules/adherence.ts',
};

function ingredientsOfFill(f: SnapshotFill, ctx: ScreenContext): string[] {
  return resolveMedication({ id: f.id, name: f.name, status: 'active', ...(f.rxcui ? { rxcui: f.rxcui } : {}) }, ctx.knowledge).ingredients.map((i) => i.name);
}

function evaluate(ctx: ScreenContext): DtpFinding[] {
  const chronic = ctx.meds.filter((m) => !m.asNeeded && m.ingredients.length > 0);
  if (chronic.length === 0) return [];
  const base = { rule: { ...ADHERENCE_RULE, family: 'adherence' }, category: 'non-adherence' as const, provenance: PROVENANCE };
  if (ctx.snapshot.fills === undefined) {
    return [finding({ ...base, severity: 'low', status: 'could-not-assess', title: 'Adherence not assessed', drugs: [],
      summary: 'No pharmacy fill history in the record; adherence (PDC, refill gaps) could not be assessed.', missing: ['pharmacy fill history (claims) for the last 6 months'],
      recommendation: 'Load the patient’s pharmacy claims or ask about missed doses and refills during the interview.', patientText: 'Bring all your medicine bottles to your review so we can check your refills together.' })];
  }
  const fills = ctx.snapshot.fills.filter((f) => f.date <= ctx.asOf).map((f) => ({ f, ingredients: ingredientsOfFill(f, ctx) }));
  const start = ctx.asOfDay - WINDOW_DAYS + 1;
  const out: DtpFinding[] = [];
  for (const med of chronic) {
    const names = med.ingredients.map((i) => i.name);
    const mine = fills.filter((x) => x.ingredients.some((i) => names.includes(i)));
    if (mine.length === 0) continue; // not dispensed through claims we hold (cash, samples, OTC): nothing to judge
    const first = Math.max(start, Math.min(...mine.map((x) => toDay(x.f.date))));
    if (ctx.asOfDay - first < 60) continue; // too short a period for a meaningful PDC
    const cov = computeCoverage({ fills: mine.map((x) => ({ drug: x.ingredients.slice().sort().join('/'), day: toDay(x.f.date), daysSupply: x.f.daysSupply })), start: first, end: ctx.asOfDay });
    const rate = pdc(cov);
    const lastFill = mine.reduce((a, b) => (a.f.date > b.f.date ? a : b));
    const daysOut = ctx.asOfDay - cov.suppliedThrough;
    const late = daysOut > LATE_REFILL_DAYS;
    if (rate >= PDC_THRESHOLD && !late) continue;
    const match: Match = { med, ingredients: med.ingredients };
    const facts = [`PDC ${(rate * 100).toFixed(1)}% from ${isoDay(first)} to ${ctx.asOf} (${cov.coveredDays}/${cov.periodDays} days)`, `last fill ${lastFill.f.date} for ${lastFill.f.daysSupply} days`];
    if (late) facts.push(`supply ran out ${isoDay(cov.suppliedThrough)}: ${daysOut} days without medication`);
    out.push(finding({ ...base, severity: rate < 0.6 || daysOut > 30 ? 'moderate' : 'low', title: `Possible non-adherence: ${med.med.name}`, matches: [match], facts,
      summary: `${med.med.name}: ${rate < PDC_THRESHOLD ? `PDC ${(rate * 100).toFixed(0)}% (below 80%)` : 'refill overdue'}${late ? `, ${daysOut} days since the supply ran out` : ''}.`,
      recommendation: 'Ask about missed doses and barriers (cost, side effects, beliefs, complexity); consider 90-day fills, synchronisation, blister packs or reminders.',
      patientText: `Take ${med.med.name} every day as directed and refill it before you run out. Tell us if something makes that hard.` }));
  }
  return out;
}

export function adherenceRules(_k: Knowledge): Rule[] {
  return [{ ...ADHERENCE_RULE, family: 'adherence', evaluate }];
}
