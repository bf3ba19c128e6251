// Missing guideline therapy (knowledge: care-gaps.json /therapyGaps): statin in diabetes 40–75 and after ASCVD,
// ACE inhibitor/ARB in diabetes with hypertension or albuminuria, SGLT2 inhibitor/GLP-1 RA where indicated,
// controller therapy in asthma. Age-limited rules without a date of birth report "could not assess".
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, TherapyGap } from '../../../knowledge/screening/index.ts';
import type { ScreenContext } from '../context.ts';
import { ageFact, finding, medNames, type Rule } from '../finding.ts';
import { matchAll } from '../select.ts';

function evaluate(e: TherapyGap, ctx: ScreenContext): DtpFinding[] {
  const conditions = e.conditions.flatMap((k) => ctx.conditionsFor(k));
  if (conditions.length === 0) return [];
  const also = (e.andConditions ?? []).flatMap((k) => ctx.conditionsFor(k));
  if (e.andConditions && also.length === 0) return [];
  const using = e.whenDrugs ? matchAll(e.whenDrugs, ctx.meds) : [];
  if (e.whenDrugs && using.length === 0) return [];
  if (e.unlessConditions.some((k) => ctx.conditionsFor(k).length > 0)) return [];
  if (matchAll(e.missing, ctx.meds).length > 0) return [];
  const wanted = [...(e.missing.classes ?? []), ...(e.missing.ingredients ?? [])].map((c) => c.replace(/-/g, ' ')).join(' or ');
  const base = {
    rule: { id: e.id, version: e.version, family: 'missing-therapy' }, category: 'needs-additional-therapy' as const, severity: e.severity, title: e.title,
    matches: using, conditions: [...conditions, ...also], recommendation: e.recommendation, patientText: e.patientText,
    ...(e.snomed ? { snomed: e.snomed } : {}), provenance: e.provenance,
  };
  const limited = e.minAge !== undefined || e.maxAge !== undefined;
  if (limited && ctx.age === undefined) {
    return [finding({ ...base, status: 'could-not-assess', summary: `${e.title}: could not assess — needs date of birth.`, missing: ['date of birth'] })];
  }
  if (ctx.age !== undefined && ((e.minAge !== undefined && ctx.age < e.minAge) || (e.maxAge !== undefined && ctx.age > e.maxAge))) return [];
  const why = [...conditions, ...also].map((c) => c.text).filter((t, i, a) => a.indexOf(t) === i).slice(0, 3).join(', ');
  return [finding({ ...base, facts: [...ageFact(ctx), `no active ${wanted}`],
    summary: `${why}${using.length > 0 ? ` on ${medNames(using)}` : ''}: no ${wanted} on the medication list.` })];
}

export function therapyGapRules(k: Knowledge): Rule[] {
  return k.therapyGaps.map((e) => ({ id: e.id, version: e.version, family: 'missing-therapy', evaluate: (ctx) => evaluate(e, ctx) }));
}
