// Everything a rule needs about one patient, computed once per screen: age, resolved active medications,
// condition concepts present, latest lab values and kidney function estimates (with what is missing for each).
import type { PatientSnapshot, SnapshotCondition, SnapshotObservation } from '../../domain/screening.ts';
import { ageOn, isoDay, toDay } from '../../domain/days.ts';
import type { Knowledge } from '../../knowledge/screening/index.ts';
import { resolveMedication, type ResolvedMed } from './resolve.ts';
import { ckdEpi2021, cockcroftGault, creatinineMgDl, weightKg } from './kidney.ts';

export const LOINC = {
  creatinine: ['2160-0', '38483-4'],
  egfr: ['98979-8', '62238-1', '33914-3', '48642-3', '48643-1', '69405-9'],
  weight: ['29463-7', '3141-9'],
} as const;

/** How recent a lab must be for renal dosing: a year (kidney function in older adults changes over months). */
export const RENAL_LAB_MAX_AGE_DAYS = 365;

/** Concepts that count when recorded as history (resolved/inactive), not only when active. */
const HISTORY_CONCEPTS = new Set(['falls-fractures', 'ascvd', 'gi-bleed-ulcer', 'delirium', 'syncope']);

export type KidneyEstimate = { value: number; facts: string[]; observations: SnapshotObservation[] };
export type Kidney = { crcl?: KidneyEstimate; egfr?: KidneyEstimate; missing: { crcl: string[]; egfr: string[] } };

export type ScreenContext = {
  snapshot: PatientSnapshot;
  asOf: string;
  asOfDay: number;
  age?: number;
  knowledge: Knowledge;
  /** Active medications. */
  meds: ResolvedMed[];
  conditionsFor(key: string): SnapshotCondition[];
  latest(loincs: readonly string[], withinDays: number): SnapshotObservation | undefined;
  kidney(): Kidney;
};

/** Age in whole years on asOf; undefined when the date of birth is missing or malformed. */
export function ageAt(birthDate: string | undefined, asOf: string): number | undefined {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined;
  return ageOn(toDay(birthDate), toDay(asOf));
}

function conditionMatches(c: SnapshotCondition, icd10: readonly string[], snomed: readonly string[]): boolean {
  const code = c.icd10?.replace('.', '').toUpperCase();
  if (code && icd10.some((p) => code.startsWith(p))) return true;
  return c.snomed !== undefined && snomed.includes(c.snomed);
}

export function buildContext(snapshot: PatientSnapshot, asOf: string, knowledge: Knowledge): ScreenContext {
  const asOfDay = toDay(asOf);
  const age = ageAt(snapshot.birthDate, asOf);
  const meds = snapshot.medications.filter((m) => m.status === 'active').map((m) => resolveMedication(m, knowledge));
  const conditionCache = new Map<string, SnapshotCondition[]>();
  // newest first; ISO dates compare as strings, so "within N days" is a string comparison with the cut-off date
  const observations = snapshot.observations.filter((o) => o.date <= asOf).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  let kidneyCache: Kidney | undefined;

  const ctx: ScreenContext = {
    snapshot, asOf, asOfDay, age, knowledge, meds,
    conditionsFor(key) {
      let hit = conditionCache.get(key);
      if (!hit) {
        const concept = knowledge.conditions.get(key);
        hit = concept
          ? snapshot.conditions.filter((c) => (c.active || HISTORY_CONCEPTS.has(key)) && conditionMatches(c, concept.icd10, concept.snomed))
          : [];
        conditionCache.set(key, hit);
      }
      return hit;
    },
    latest(loincs, withinDays) {
      const from = isoDay(asOfDay - withinDays);
      return observations.find((o) => loincs.includes(o.loinc) && o.date >= from);
    },
    kidney() {
      kidneyCache ??= estimateKidney(ctx);
      return kidneyCache;
    },
  };
  return ctx;
}

function estimateKidney(ctx: ScreenContext): Kidney {
  const sex = ctx.snapshot.sex;
  const female = sex === 'female' ? true : sex === 'male' ? false : undefined;
  const scrObs = ctx.latest(LOINC.creatinine, RENAL_LAB_MAX_AGE_DAYS);
  const scr = scrObs ? creatinineMgDl(scrObs.value, scrObs.unit) : undefined;
  const wObs = ctx.latest(LOINC.weight, RENAL_LAB_MAX_AGE_DAYS);
  const wt = wObs ? weightKg(wObs.value, wObs.unit) : undefined;
  const reported = ctx.latest(LOINC.egfr, RENAL_LAB_MAX_AGE_DAYS);
  const missing: Kidney['missing'] = { crcl: [], egfr: [] };
  const scrText = scrObs && scr !== undefined ? `SCr ${Math.round(scr * 100) / 100} mg/dL on ${scrObs.date}` : '';
  if (scr === undefined) missing.crcl.push(scrObs ? `serum creatinine in mg/dL or µmol/L (got "${scrObs.unit ?? ''}")` : `serum creatinine within ${RENAL_LAB_MAX_AGE_DAYS} days`);
  if (wt === undefined) missing.crcl.push(wObs ? `body weight in kg or lb (got "${wObs.unit ?? ''}")` : `body weight within ${RENAL_LAB_MAX_AGE_DAYS} days`);
  if (ctx.age === undefined) missing.crcl.push('date of birth');
  if (female === undefined) missing.crcl.push('sex (female/male) for Cockcroft–Gault');
  const out: Kidney = { missing };
  if (missing.crcl.length === 0 && scr !== undefined && wt !== undefined && ctx.age !== undefined && female !== undefined && scrObs && wObs) {
    const v = cockcroftGault(ctx.age, wt, scr, female);
    out.crcl = { value: v, facts: [`CrCl ${Math.round(v)} mL/min (Cockcroft–Gault: age ${ctx.age}, ${sex}, ${scrText}, weight ${Math.round(wt * 10) / 10} kg on ${wObs.date})`], observations: [scrObs, wObs] };
  }
  if (reported) {
    out.egfr = { value: reported.value, facts: [`eGFR ${Math.round(reported.value)} mL/min/1.73m² (reported, ${reported.date})`], observations: [reported] };
  } else if (scr !== undefined && scrObs && ctx.age !== undefined && female !== undefined) {
    const v = ckdEpi2021(scr, ctx.age, female);
    out.egfr = { value: v, facts: [`eGFR ${Math.round(v)} mL/min/1.73m² (CKD-EPI 2021: age ${ctx.age}, ${sex}, ${scrText})`], observations: [scrObs] };
  } else {
    if (scr === undefined) missing.egfr.push(scrObs ? `serum creatinine in mg/dL or µmol/L (got "${scrObs.unit ?? ''}")` : `serum creatinine or eGFR within ${RENAL_LAB_MAX_AGE_DAYS} days`);
    if (ctx.age === undefined) missing.egfr.push('date of birth');
    if (female === undefined) missing.egfr.push('sex (female/male) for CKD-EPI 2021');
  }
  return out;
}
