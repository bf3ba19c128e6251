// Encounters, labs and vitals, immunizations and allergies for one synthetic patient. Values trend plausibly:
// each patient has baselines (blood pressure, A1c, eGFR, weight) that drift over the 12–18 month window and vary
// from visit to visit; eGFR is computed from the serum creatinine with the CKD-EPI 2021 equation so the two agree.
import type { PatientRecord } from '../domain/patient-record.ts';
import {
  ALLERGIES, CONDITION_ADMISSIONS, ED_REASONS, HOSPICE_REASON, INPATIENT_REASONS, LOINC, VACCINES, WELLNESS_REASON, type LabKey,
} from './catalog/clinical.ts';
import { CLINICS, HOSPITALS } from './catalog/people.ts';
import type { MedPlan, PatientContext } from './context.ts';
import { ageOn, isoDay, yearOf, yearStart } from '../domain/days.ts';
import { ckdEpi2021 } from '../engines/screening/kidney.ts';

type Encounter = PatientRecord['encounters'][number];
type Observation = PatientRecord['observations'][number];
type Immunization = PatientRecord['immunizations'][number];
type Allergy = PatientRecord['allergies'][number];

export { ckdEpi2021 };

/** Serum creatinine that gives `egfr` (inverse of ckdEpi2021). */
export function creatinineFor(egfr: number, age: number, female: boolean): number {
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const k = 142 * 0.9938 ** age * (female ? 1.012 : 1);
  const high = kappa * (egfr / k) ** (1 / -1.2); // branch scr > kappa
  return high > kappa ? high : kappa * (egfr / k) ** (1 / alpha);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export type ClinicalEvents = {
  encounters: Encounter[];
  observations: Observation[];
  immunizations: Immunization[];
  allergies: Allergy[];
  hospice: boolean;
};

export function buildClinicalEvents(ctx: PatientContext, meds: readonly MedPlan[], city: string): ClinicalEvents {
  const { rng } = ctx;
  const has = (id: Parameters<typeof ctx.conditions.has>[0]) => ctx.conditions.has(id);
  const activeClass = (cls: string) => meds.some((m) => m.stopDay === null && m.product.drugClass === cls);
  const encounters: Encounter[] = [];
  const observations: Observation[] = [];
  let encN = 0;
  let obsN = 0;
  const female = ctx.sex === 'female';
  const start = ctx.clinicalWindowStart;
  const end = ctx.lastDay;
  const span = Math.max(1, end - start);

  const obs = (key: LabKey, day: number, value: number) => {
    const l = LOINC[key];
    observations.push({ externalId: `${ctx.ext}-O${++obsN}`, loinc: l.code, display: l.display, valueNum: value, unit: l.unit, effectiveDate: isoDay(day) });
  };
  const enc = (kind: Encounter['kind'], s: number, e: number | null, facility: string, reason: readonly [string, string]) => {
    encounters.push({ externalId: `${ctx.ext}-E${++encN}`, kind, startDate: isoDay(s), endDate: e === null ? null : isoDay(e), facility, reasonCode: reason[0], reason: reason[1] });
  };

  // Baselines and yearly drifts.
  const sbpBase = has('hypertension') ? rng.normal(136, 11) : rng.normal(123, 8);
  const sbpDrift = rng.normal(0, 4);
  const heightCm = female ? rng.clampedNormal(161, 6, 145, 180) : rng.clampedNormal(175, 7, 155, 195);
  const weightBase = (female ? rng.clampedNormal(74, 15, 42, 140) : rng.clampedNormal(87, 16, 50, 160)) * (has('diabetes') ? 1.1 : 1);
  const weightDrift = rng.normal(-0.5, 2);
  const a1cBase = rng.clampedNormal(has('diabetes') ? 7.4 : 5.6, has('diabetes') ? 0.9 : 0.3, 5.0, 12.5);
  const a1cDrift = rng.normal(0.15, 0.45);
  const onStatin = activeClass('statin');
  const ldlBase = onStatin ? rng.clampedNormal(88, 24, 35, 190) : rng.clampedNormal(128, 28, 60, 240);
  const potassiumShift = (has('ckd3') || ctx.esrd ? 0.25 : 0) + (activeClass('mra') || activeClass('ace-inhibitor') || activeClass('arb') ? 0.15 : 0) - (activeClass('loop-diuretic') ? 0.15 : 0);
  const panels = new Set<string>();
  for (const c of ctx.conditions.values()) for (const p of c.profile.labs ?? []) panels.add(p);
  if (onStatin) panels.add('lipids');

  // Office visits every 2–5 months; labs at some of them.
  const clinic = `${city} ${rng.pick(CLINICS)}`;
  const codes = [...ctx.conditions.values()].map((c) => [c.code, c.display] as const);
  let day = start + rng.int(0, 60);
  let visit = 0;
  const lastLab: Record<string, number> = {};
  while (day <= end) {
    const years = (day - start) / 365;
    const kind = ctx.lastDay - day < 200 && rng.chance(0.1) ? 'telehealth' : 'ambulatory';
    const reason = visit === 0 || codes.length === 0 ? WELLNESS_REASON : rng.pick(codes);
    enc(kind, day, day, clinic, reason);
    if (kind === 'ambulatory') {
      const sbp = Math.round(rng.clampedNormal(sbpBase + sbpDrift * years, 8, 92, 210));
      obs('sbp', day, sbp);
      obs('dbp', day, Math.round(Math.min(120, Math.max(48, sbp * 0.5 + rng.normal(8, 6)))));
      const weight = r1(weightBase + weightDrift * years + rng.normal(0, 0.8));
      if (visit === 0) obs('height', day, r1(heightCm));
      obs('weight', day, weight);
      obs('bmi', day, r1(weight / (heightCm / 100) ** 2));
    }
    const due = (panel: string, every: number) => panels.has(panel) && (lastLab[panel] === undefined || day - lastLab[panel]! >= every) && rng.chance(0.85);
    if (due('a1c', 85)) {
      lastLab['a1c'] = day;
      obs('a1c', day, r1(Math.min(14, Math.max(4.6, a1cBase + a1cDrift * years + rng.normal(0, 0.2)))));
    }
    if (due('lipids', 300)) {
      lastLab['lipids'] = day;
      const ldl = Math.round(ldlBase * (1 + rng.normal(0, 0.08)));
      obs('ldl', day, ldl);
      obs('tc', day, Math.round(ldl + rng.clampedNormal(78, 12, 45, 130)));
    }
    if (due('renal', 150)) {
      lastLab['renal'] = day;
      const age = ageOn(ctx.birthDay, day);
      const scr = Math.round(creatinineFor(ctx.egfrBase, age, female) * (1 + rng.normal(0, 0.06)) * 100) / 100;
      obs('scr', day, scr);
      obs('egfr', day, Math.round(ckdEpi2021(scr, age, female)));
      obs('k', day, r1(rng.clampedNormal(4.3 + potassiumShift, 0.35, 3.0, 6.4)));
    }
    if (due('tsh', 300)) {
      lastLab['tsh'] = day;
      obs('tsh', day, Math.round(rng.clampedNormal(2.4, 1.3, 0.1, 14) * 100) / 100);
    }
    visit++;
    day += rng.int(60, 150);
  }
  if (activeClass('vka')) for (let d = start + rng.int(0, 30); d <= end; d += rng.int(21, 42)) obs('inr', d, r1(rng.clampedNormal(2.5, 0.55, 1.1, 4.8)));

  // Hospital stays: about 1 in 6 people over the window, more with heart failure or COPD.
  const nConditions = ctx.conditions.size;
  const pInpatient = Math.min(0.7, 0.068 * ctx.risk * (1 + 0.15 * Math.max(0, nConditions - 3)) + (has('hf') ? 0.12 : 0) + (has('copd') ? 0.08 : 0));
  if (rng.chance(pInpatient)) {
    const stays = rng.chance(0.2) ? 2 : 1;
    for (let i = 0; i < stays; i++) {
      const los = rng.int(3, 7);
      const admit = start + rng.int(0, Math.max(0, span - los));
      const specific = [...ctx.conditions.keys()].map((k) => CONDITION_ADMISSIONS[k]).filter((r) => r !== undefined);
      const reason = specific.length > 0 && rng.chance(0.55) ? rng.pick(specific) : rng.weighted(INPATIENT_REASONS);
      enc('inpatient', admit, Math.min(admit + los, end), `${city} ${rng.pick(HOSPITALS)}`, reason);
    }
  }
  if (rng.chance(Math.min(0.6, 0.18 * ctx.risk))) {
    const visits = rng.chance(0.25) ? 2 : 1;
    for (let i = 0; i < visits; i++) {
      const d = start + rng.int(0, span);
      enc('emergency', d, d, `${city} ${rng.pick(HOSPITALS)}`, rng.weighted(ED_REASONS));
    }
  }
  const hospiceChance = ctx.age >= 80 && (has('dementia') || has('hf')) ? 0.1 : 0.01;
  const hospice = rng.chance(hospiceChance);
  if (hospice) {
    const s = end - rng.int(10, Math.min(180, span));
    enc('home', s, ctx.deceasedDay, 'Hospice home care', HOSPICE_REASON);
  }
  encounters.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));

  return { encounters, observations, immunizations: buildImmunizations(ctx), allergies: buildAllergies(ctx), hospice };
}

function buildImmunizations(ctx: PatientContext): Immunization[] {
  const { rng } = ctx;
  const out: Immunization[] = [];
  let n = 0;
  const add = (v: { cvx: string; display: string }, day: number) => {
    if (day <= ctx.lastDay) out.push({ externalId: `${ctx.ext}-I${++n}`, cvx: v.cvx, display: v.display, administeredDate: isoDay(day) });
  };
  const older = ctx.age >= 65;
  const fluTaker = rng.chance(older ? 0.72 : 0.5);
  // One shot per flu season (September–December) inside the window.
  for (let y = yearOf(ctx.clinicalWindowStart) - 1; y <= yearOf(ctx.asOf); y++) {
    const d = yearStart(y) + 243 + rng.int(0, 100);
    if (fluTaker && d >= ctx.clinicalWindowStart && rng.chance(0.9)) add(older ? VACCINES.fluHighDose : VACCINES.fluStandard, d);
  }
  if (older && rng.chance(0.65)) {
    const d = ctx.lastDay - rng.int(30, 6 * 365);
    const which = rng.weighted([['pcv20', 40], ['pcv15', 20], ['pcv13', 40]] as const);
    add(VACCINES[which], d);
    if (which !== 'pcv20' && rng.chance(0.6)) add(VACCINES.ppsv23, d + rng.int(60, 400));
  }
  if (rng.chance(0.4)) {
    const d = ctx.lastDay - rng.int(60, 5 * 365);
    add(VACCINES.zoster, d);
    if (rng.chance(0.8)) add(VACCINES.zoster, d + rng.int(60, 180));
  }
  if (rng.chance(0.45)) add(rng.chance(0.5) ? VACCINES.covid : VACCINES.covidB, ctx.lastDay - rng.int(30, 420));
  out.sort((a, b) => (a.administeredDate < b.administeredDate ? -1 : 1));
  return out;
}

function buildAllergies(ctx: PatientContext): Allergy[] {
  const { rng } = ctx;
  if (rng.chance(0.4)) return [];
  const count = rng.chance(0.7) ? 1 : rng.chance(0.75) ? 2 : 3;
  const out: Allergy[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const a = rng.weighted(ALLERGIES);
    if (seen.has(a.substance)) continue;
    seen.add(a.substance);
    out.push({
      externalId: `${ctx.ext}-A${out.length + 1}`,
      substance: a.substance,
      substanceRxcui: a.rxcui,
      kind: a.kind,
      reaction: rng.pick(a.reactions),
      severity: rng.weighted([['mild', 4], ['moderate', 4], ['severe', 1]] as const),
      recordedDate: rng.chance(0.7) ? isoDay(ctx.lastDay - rng.int(30, 20 * 365)) : null,
    });
  }
  return out;
}
