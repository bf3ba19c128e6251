// Golden cases generated from the knowledge files: for every data-driven rule a positive case (built from drugs
// the rule names), a negative case (the trigger removed or the value normal) and, where the rule needs data that
// can be missing, a could-not-assess case. They prove each shipped entry can fire, stays quiet when it should,
// and never turns missing data into silence. Clinically specific cases are hand-written in cases.ts.
import type { Knowledge, DrugInfo } from '../../../knowledge/screening/index.ts';
import type { DrugSelector } from '../../../knowledge/screening/schema.ts';
import type { GoldenCase } from './case.ts';
import type { PatientSpec } from './patient.ts';

/** A dictionary ingredient the selector picks, avoiding `taken`; prefers the ingredients the selector lists. */
export function exampleIngredient(k: Knowledge, sel: DrugSelector, taken: string[] = []): string | undefined {
  const listed = (sel.ingredients ?? []).find((n) => !taken.includes(n) && k.drugs.has(n));
  if (listed) return listed;
  const byClass = [...k.drugs.values()].find((d: DrugInfo) => !taken.includes(d.name) && (sel.classes ?? []).some((c) => d.classSet.has(c)));
  return byClass?.name ?? (sel.ingredients ?? []).find((n) => !taken.includes(n));
}

function form(sel: DrugSelector): string {
  const only = sel.onlyDoseForms?.[0];
  if (only && only !== 'Oral') return only;
  return 'Oral Tablet';
}

/** "name STRENGTH MG Oral Tablet | 1 tablet once daily" */
export function med(name: string, mgPerDay: number, sel: DrugSelector = {}): string {
  return `${name} ${mgPerDay} MG ${form(sel)} | take 1 tablet once daily`;
}

function conditionCode(k: Knowledge, key: string): string {
  const c = k.conditions.get(key);
  const icd = c?.icd10[0];
  if (icd) return icd;
  const sct = c?.snomed[0];
  if (sct) return `sct:${sct}`;
  throw new Error(`condition concept ${key} has no codes`);
}

const LOW_CRCL = (below: number): PatientSpec['labs'] => {
  // Cockcroft–Gault for a 79-year-old woman weighing 50 kg is 35.4 / SCr; aim at 80% of the threshold
  const scr = 35.42 / (0.8 * below);
  return [['2160-0', Math.round(scr * 100) / 100, 'mg/dL', 20], ['29463-7', 50, 'kg', 20]];
};

export function generatedCases(k: Knowledge): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const e of k.interactions) {
    const picks: string[] = [];
    for (const m of e.members) { const p = exampleIngredient(k, m, picks); if (p) picks.push(p); }
    if (picks.length !== e.members.length) { out.push({ name: `${e.id}: example drugs exist`, ruleId: e.id, patient: {}, expect: 'problem' }); continue; }
    const limit = e.whenDailyDoseAbove;
    const meds = picks.map((p, i) => med(p, limit && p === limit.ingredient ? limit.mg * 2 : 10, e.members[i]));
    out.push({ name: `${e.id}: ${picks.join(' + ')}`, ruleId: e.id, patient: { meds }, expect: 'problem', drugs: [...picks].sort() });
    out.push({ name: `${e.id}: without ${picks[picks.length - 1]}`, ruleId: e.id, patient: { meds: meds.slice(0, -1) }, expect: 'none' });
    if (limit) {
      out.push({ name: `${e.id}: ${limit.ingredient} at ${limit.mg} mg/day`, ruleId: e.id, patient: { meds: picks.map((p, i) => med(p, p === limit.ingredient ? limit.mg : 10, e.members[i])) }, expect: 'none' });
      out.push({ name: `${e.id}: ${limit.ingredient} dose unknown`, ruleId: e.id, patient: { meds: picks.map((p, i) => (p === limit.ingredient ? `${p} ${form(e.members[i] ?? {})}` : med(p, 10, e.members[i]))) }, expect: 'could-not-assess' });
    }
  }
  for (const e of k.duplications) {
    const a = exampleIngredient(k, { classes: [e.class] });
    const b = a ? exampleIngredient(k, { classes: [e.class] }, [a]) ?? a : undefined;
    if (!a || !b) { out.push({ name: `${e.id}: example drugs exist`, ruleId: e.id, patient: {}, expect: 'problem' }); continue; }
    const allowed = e.allowedPairs.some(([x, y]) => [x, y].every((c) => [a, b].some((n) => k.drugs.get(n)?.classSet.has(c))));
    if (!allowed) out.push({ name: `${e.id}: ${a} + ${b}`, ruleId: e.id, patient: { meds: [med(a, 10), med(b, 10)] }, expect: 'problem' });
    out.push({ name: `${e.id}: ${a} alone`, ruleId: e.id, patient: { meds: [med(a, 10)] }, expect: 'none' });
  }
  for (const e of k.beersAvoid) {
    const d = exampleIngredient(k, e.drugs);
    if (!d) { out.push({ name: `${e.id}: example drug exists`, ruleId: e.id, patient: {}, expect: 'problem' }); continue; }
    const dose = e.whenDailyDoseAboveMg !== undefined ? e.whenDailyDoseAboveMg * 2 : 10;
    out.push({ name: `${e.id}: ${d} at ${e.minAge + 5}`, ruleId: e.id, patient: { age: e.minAge + 5, meds: [med(d, dose, e.drugs)] }, expect: 'problem' });
    out.push({ name: `${e.id}: ${d} at ${e.minAge - 10}`, ruleId: e.id, patient: { age: e.minAge - 10, meds: [med(d, dose, e.drugs)] }, expect: 'none' });
    out.push({ name: `${e.id}: ${d}, no date of birth`, ruleId: e.id, patient: { age: null, meds: [med(d, dose, e.drugs)] }, expect: 'could-not-assess' });
    if (e.whenDailyDoseAboveMg !== undefined) {
      out.push({ name: `${e.id}: ${d} at the limit`, ruleId: e.id, patient: { age: 80, meds: [med(d, e.whenDailyDoseAboveMg, e.drugs)] }, expect: 'none' });
      out.push({ name: `${e.id}: ${d} dose unknown`, ruleId: e.id, patient: { age: 80, meds: [`${d} ${form(e.drugs)}`] }, expect: 'could-not-assess' });
    }
  }
  for (const e of k.beersDrugDisease) {
    const d = exampleIngredient(k, e.drugs);
    if (!d) { out.push({ name: `${e.id}: example drug exists`, ruleId: e.id, patient: {}, expect: 'problem' }); continue; }
    const cond = conditionCode(k, e.condition);
    out.push({ name: `${e.id}: ${d} with ${e.condition}`, ruleId: e.id, patient: { age: e.minAge + 10, meds: [med(d, 10, e.drugs)], conditions: [cond] }, expect: 'problem' });
    out.push({ name: `${e.id}: ${d} without ${e.condition}`, ruleId: e.id, patient: { age: e.minAge + 10, meds: [med(d, 10, e.drugs)] }, expect: 'none' });
    out.push({ name: `${e.id}: no date of birth`, ruleId: e.id, patient: { age: null, meds: [med(d, 10, e.drugs)], conditions: [cond] }, expect: 'could-not-assess' });
  }
  for (const e of k.renal) {
    const d = exampleIngredient(k, e.drugs);
    const step = e.steps[0];
    if (!d || !step) { out.push({ name: `${e.id}: example drug exists`, ruleId: e.id, patient: {}, expect: 'problem' }); continue; }
    const dose = step.maxDailyMg !== undefined ? step.maxDailyMg * 2 : 10;
    const low: PatientSpec['labs'] = e.measure === 'crcl' ? LOW_CRCL(step.below) : [['98979-8', Math.max(1, Math.floor(step.below * 0.8)), 'mL/min/{1.73_m2}', 20]];
    out.push({ name: `${e.id}: ${d} with ${e.measure} below ${step.below}`, ruleId: e.id, patient: { age: 79, sex: 'female', meds: [med(d, dose, e.drugs)], labs: low }, expect: 'problem' });
    out.push({ name: `${e.id}: ${d} with normal kidney function`, ruleId: e.id, patient: { age: 30, sex: 'male', meds: [med(d, dose, e.drugs)], labs: [['2160-0', 0.8, 'mg/dL', 20], ['29463-7', 70, 'kg', 20], ['98979-8', 120, 'mL/min/{1.73_m2}', 20]] }, expect: 'none' });
    out.push({ name: `${e.id}: ${d}, no creatinine`, ruleId: e.id, patient: { age: 79, meds: [med(d, dose, e.drugs)], labs: [['29463-7', 50, 'kg', 20]] }, expect: 'could-not-assess' });
    if (e.measure === 'crcl') out.push({ name: `${e.id}: ${d}, no weight for Cockcroft–Gault`, ruleId: e.id, patient: { age: 79, meds: [med(d, dose, e.drugs)], labs: [['2160-0', 2, 'mg/dL', 20]] }, expect: 'could-not-assess', mentions: 'weight' });
  }
  for (const e of k.doses) {
    const sel = { ingredients: [e.ingredient], ...(e.onlyDoseForms ? { onlyDoseForms: e.onlyDoseForms } : {}) };
    const max = e.olderAdult?.maxDailyMg ?? e.maxDailyMg;
    out.push({ name: `${e.ingredient} ${e.maxDailyMg * 1.25} mg/day`, ruleId: e.id, patient: { age: 50, meds: [med(e.ingredient, e.maxDailyMg * 1.25, sel)] }, expect: 'problem' });
    out.push({ name: `${e.ingredient} ${max / 2} mg/day`, ruleId: e.id, patient: { age: 80, meds: [med(e.ingredient, max / 2, sel)] }, expect: 'none' });
    out.push({ name: `${e.ingredient} with no directions`, ruleId: e.id, patient: { age: 50, meds: [`${e.ingredient} ${max / 2} MG ${form(sel)}`] }, expect: 'could-not-assess' });
    if (e.olderAdult) out.push({ name: `${e.ingredient} ${e.olderAdult.maxDailyMg * 1.2} mg/day at ${e.olderAdult.minAge}+`, ruleId: e.id, patient: { age: e.olderAdult.minAge + 5, meds: [med(e.ingredient, e.olderAdult.maxDailyMg * 1.2, sel)] }, expect: e.olderAdult.maxDailyMg * 1.2 > e.olderAdult.maxDailyMg ? 'problem' : 'none' });
  }
  for (const e of k.monitoring) {
    const d = e.drugs ? exampleIngredient(k, e.drugs) : undefined;
    const base: PatientSpec = { ...(d ? { meds: [med(d, 10, e.drugs)] } : {}), conditions: (e.conditions ?? []).slice(0, 1).map((c) => conditionCode(k, c)) };
    out.push({ name: `${e.id}: no ${e.labName}`, ruleId: e.id, patient: base, expect: 'problem' });
    out.push({ name: `${e.id}: ${e.labName} ${Math.floor(e.withinDays / 2)} days ago`, ruleId: e.id, patient: { ...base, labs: [[e.loinc[0] ?? '', 1, '1', Math.floor(e.withinDays / 2)]] }, expect: 'none' });
  }
  for (const e of k.labAlerts) {
    const d = e.drugs ? exampleIngredient(k, e.drugs) : undefined;
    const age = e.minAge ?? 70;
    const base: PatientSpec = { age, ...(d ? { meds: [med(d, 10, e.drugs)] } : {}), conditions: (e.conditions ?? []).slice(0, 1).map((c) => conditionCode(k, c)) };
    const bad = e.atOrAbove !== undefined ? e.atOrAbove + 0.5 : (e.below ?? 0) - 0.5;
    const good = e.atOrAbove !== undefined ? e.atOrAbove * 0.7 : (e.below ?? 0) * 1.3;
    out.push({ name: `${e.id}: ${e.labName} ${bad}`, ruleId: e.id, patient: { ...base, labs: [[e.loinc[0] ?? '', bad, e.unit, 5]] }, expect: 'problem' });
    out.push({ name: `${e.id}: ${e.labName} ${good}`, ruleId: e.id, patient: { ...base, labs: [[e.loinc[0] ?? '', good, e.unit, 5]] }, expect: 'none' });
  }
  for (const e of k.vaccines) {
    const age = e.minAge + 5;
    const done: [string, number][] = Array.from({ length: e.doses ?? 1 }, (_, i) => [e.cvx[0] ?? '', 30 + i * 90]);
    out.push({ name: `${e.id}: none at ${age}`, ruleId: e.id, patient: { age }, expect: 'problem' });
    out.push({ name: `${e.id}: up to date`, ruleId: e.id, patient: { age, immunizations: done }, expect: 'none' });
    out.push({ name: `${e.id}: no date of birth`, ruleId: e.id, patient: { age: null }, expect: 'could-not-assess' });
  }
  for (const e of k.therapyGaps) {
    const conditions = [conditionCode(k, e.conditions[0] ?? ''), ...(e.andConditions ? [conditionCode(k, e.andConditions[0] ?? '')] : [])];
    const using = e.whenDrugs ? exampleIngredient(k, e.whenDrugs) : undefined;
    const age = e.minAge !== undefined ? e.minAge + 5 : 60;
    const meds = using ? [med(using, 10, e.whenDrugs)] : [];
    const fix = exampleIngredient(k, e.missing, meds);
    out.push({ name: `${e.id}: gap`, ruleId: e.id, patient: { age, meds, conditions }, expect: 'problem' });
    out.push({ name: `${e.id}: treated with ${fix}`, ruleId: e.id, patient: { age, meds: [...meds, med(fix ?? '', 10)], conditions }, expect: 'none' });
    if (e.minAge !== undefined || e.maxAge !== undefined) out.push({ name: `${e.id}: no date of birth`, ruleId: e.id, patient: { age: null, meds, conditions }, expect: 'could-not-assess' });
  }
  return out;
}
