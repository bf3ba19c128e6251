// Builds one patient's medication history from their conditions: active therapy, earlier products that were
// switched or stopped (with reasons), short acute courses, and the OTC, supplement and herbal products people
// take without telling anyone. Deliberately includes the problems MTM exists to find (NSAIDs with
// anticoagulants, first-generation antihistamines, St John's wort with SSRIs, a small rate of ACE+ARB duplication).
import { ACUTE_PROBLEMS } from './catalog/clinical.ts';
import { classGroup, GENERIC_STOP_REASONS, SWITCH_REASONS, type ConditionId } from './catalog/conditions.ts';
import { drug, DRUGS, type DrugProduct } from './catalog/drugs.ts';
import type { ChosenCondition, MedPlan, PatientContext } from './context.ts';

const DAY = 1;
const YEAR = 365 * DAY;

export type AcuteProblem = { snomed: string; display: string; onsetDay: number; abatementDay: number };

/** Products of one class, used to pick what a patient was on before a switch. */
const BY_CLASS = new Map<string, DrugProduct[]>();
for (const d of DRUGS) {
  if (d.source !== 'prescription' || d.courseDays) continue;
  const list = BY_CLASS.get(d.drugClass) ?? [];
  list.push(d);
  BY_CLASS.set(d.drugClass, list);
}

// [product key, base probability, extra probability when the patient has one of the conditions]
type Optional = readonly [key: string, base: number, boost: number, when: readonly ConditionId[]];
const OPTIONAL_PRODUCTS: readonly Optional[] = [
  ['aspirin-81', 0.22, 0, []],
  ['acetaminophen-500', 0.14, 0.25, ['osteoarthritis', 'chronic_pain']],
  ['acetaminophen-325', 0.05, 0.05, ['osteoarthritis']],
  ['ibuprofen-200', 0.08, 0.12, ['osteoarthritis', 'chronic_pain']],
  ['naproxen-220', 0.04, 0.08, ['osteoarthritis']],
  ['diphenhydramine-25', 0.04, 0.2, ['insomnia']],
  ['chlorpheniramine-4', 0.02, 0, []],
  ['meclizine-25', 0.02, 0, []],
  ['loratadine-10', 0.08, 0, []],
  ['omeprazole-otc-20', 0.04, 0.15, ['gerd']],
  ['famotidine-20', 0.03, 0.1, ['gerd']],
  ['polyethylene-glycol', 0.05, 0.1, ['chronic_pain', 'dementia']],
  ['calcium-vitd', 0.1, 0.5, ['osteoporosis']],
  ['vitamin-d3-1000', 0.22, 0.2, ['osteoporosis', 'ckd3']],
  ['ferrous-sulfate-325', 0.03, 0.08, ['ckd3']],
  ['fish-oil-1000', 0.14, 0.06, ['hyperlipidemia', 'cad']],
  ['multivitamin', 0.28, 0, []],
  ['melatonin-3', 0.07, 0.2, ['insomnia']],
  ['vitamin-b12-1000', 0.06, 0.1, ['diabetes']],
  ['st-johns-wort', 0.015, 0.05, ['depression']],
  ['ginkgo', 0.03, 0.08, ['dementia']],
  ['turmeric', 0.04, 0.08, ['osteoarthritis']],
  ['garlic', 0.03, 0.03, ['hypertension']],
  ['saw-palmetto', 0.0, 0.15, ['bph']],
];

export function buildMedications(ctx: PatientContext): { meds: MedPlan[]; acute: AcuteProblem[] } {
  const { rng } = ctx;
  const meds: MedPlan[] = [];
  const activeGroups = new Set<string>();
  const activeKeys = new Set<string>();

  const prescriberFor = (cond: ChosenCondition): string => {
    const spec = cond.profile.specialist;
    const specialist = spec ? ctx.specialists.get(spec[0]) : undefined;
    return specialist && rng.chance(0.7) ? specialist.npi : ctx.pcp.npi;
  };

  const startFor = (cond: ChosenCondition): number => {
    // ~12% of chronic therapy is a new start inside the fill window, the rest began after diagnosis.
    if (rng.chance(0.12)) return ctx.lastDay - rng.int(20, Math.max(21, ctx.lastDay - ctx.fillWindowStart));
    const earliest = cond.onsetDay;
    const latest = Math.max(earliest, ctx.fillWindowStart - 30);
    return Math.min(latest, earliest + rng.int(0, 2 * YEAR));
  };

  for (const cond of ctx.conditions.values()) {
    for (const step of cond.profile.therapy) {
      if (!rng.chance(step.p)) continue;
      // Only options that add a new class; metformin is contraindicated below eGFR 30.
      const options = step.pick.filter(([key]) => {
        const d = drug(key);
        return !activeKeys.has(key) && !activeGroups.has(classGroup(d.drugClass)) && !(d.drugClass === 'biguanide' && ctx.egfrBase < 30);
      });
      if (options.length === 0) continue;
      const product = drug(rng.weighted(options));
      activeGroups.add(classGroup(product.drugClass));
      activeKeys.add(product.key);
      const startDay = startFor(cond);
      const prescriberNpi = product.source === 'prescription' || rng.chance(0.5) ? prescriberFor(cond) : null;
      meds.push({ product, startDay, stopDay: null, stopReason: null, prescriberNpi, indication: cond.display });
      if (product.source === 'prescription' && rng.chance(0.12)) addSwitchHistory(ctx, meds, meds[meds.length - 1]!);
    }
  }

  // A small rate of therapeutic duplication that screening should catch.
  if (activeGroups.has('ras') && rng.chance(0.03)) {
    const extra = activeKeys.has('losartan-50') ? drug('lisinopril-10') : drug('losartan-50');
    meds.push({ product: extra, startDay: ctx.lastDay - rng.int(30, 300), stopDay: null, stopReason: null, prescriberNpi: ctx.pcp.npi, indication: 'Essential (primary) hypertension' });
  }

  addDiscontinued(ctx, meds, activeKeys);

  for (const [key, base, boost, when] of OPTIONAL_PRODUCTS) {
    const p = base + (when.some((c) => ctx.conditions.has(c)) ? boost : 0);
    if (activeKeys.has(key) || !rng.chance(p)) continue;
    activeKeys.add(key);
    const product = drug(key);
    const known = rng.chance(0.5);
    meds.push({
      product,
      startDay: known ? ctx.lastDay - rng.int(30, 5 * YEAR) : null,
      stopDay: null,
      stopReason: null,
      prescriberNpi: key === 'aspirin-81' && rng.chance(0.4) ? ctx.pcp.npi : null,
      indication: null,
    });
  }

  const acute: AcuteProblem[] = [];
  if (rng.chance(0.22 * ctx.risk)) {
    const problem = rng.weighted(ACUTE_PROBLEMS);
    const product = drug(rng.weighted(problem.drugs));
    const onsetDay = ctx.lastDay - rng.int(10, ctx.lastDay - ctx.fillWindowStart);
    const course = product.courseDays ?? 7;
    acute.push({ snomed: problem.snomed, display: problem.display, onsetDay, abatementDay: onsetDay + course + 3 });
    meds.push({ product, startDay: onsetDay, stopDay: onsetDay + course, stopReason: 'Course completed', prescriberNpi: ctx.pcp.npi, indication: problem.display });
  }
  if (ctx.conditions.has('copd') && rng.chance(0.3)) {
    const start = ctx.lastDay - rng.int(10, ctx.lastDay - ctx.fillWindowStart);
    meds.push({ product: drug('prednisone-burst'), startDay: start, stopDay: start + 5, stopReason: 'Course completed', prescriberNpi: ctx.pcp.npi, indication: 'COPD exacerbation' });
  }
  return { meds, acute };
}

/** Adds the product the patient took before `current`, stopped the day before `current` started. */
function addSwitchHistory(ctx: PatientContext, meds: MedPlan[], current: MedPlan): void {
  const { rng } = ctx;
  const start = current.startDay ?? ctx.lastDay;
  const cls = current.product.drugClass;
  let previous: DrugProduct | undefined;
  let reason: string;
  if (cls === 'arb' && rng.chance(0.5)) {
    previous = drug('lisinopril-10');
    reason = 'Dry cough on ACE inhibitor; switched to ARB';
  } else {
    const sameClass = (BY_CLASS.get(cls) ?? []).filter((d) => d.key !== current.product.key);
    if (sameClass.length === 0) return;
    previous = rng.pick(sameClass);
    reason = rng.pick(SWITCH_REASONS[cls] ?? GENERIC_STOP_REASONS);
  }
  const prevStart = start - rng.int(120, 3 * YEAR);
  meds.push({ product: previous, startDay: prevStart, stopDay: start - 1, stopReason: reason, prescriberNpi: current.prescriberNpi, indication: current.indication });
}

// Products commonly started and later deprescribed or abandoned, with the usual reason.
const DISCONTINUED: readonly (readonly [string, string])[] = [
  ['omeprazole-20', 'Deprescribed: no ongoing indication for PPI'],
  ['zolpidem-5', 'Deprescribed: fall risk in older adult'],
  ['tramadol-50', 'Pain resolved'],
  ['cyclobenzaprine-10', 'Deprescribed: anticholinergic and sedating (Beers)'],
  ['meloxicam-15', 'Stopped: rising creatinine'],
  ['glipizide-5', 'Hypoglycemia episodes; stopped'],
  ['trazodone-50', 'No longer needed'],
  ['oxybutynin-5', 'Side effect: confusion and constipation'],
  ['hydrocodone-apap-5', 'Post-operative course completed'],
  ['sitagliptin-100', 'Cost; patient could not afford'],
];

function addDiscontinued(ctx: PatientContext, meds: MedPlan[], activeKeys: Set<string>): void {
  const { rng } = ctx;
  const n = rng.chance(0.35) ? (rng.chance(0.3) ? 2 : 1) : 0;
  for (let i = 0; i < n; i++) {
    const [key, reason] = rng.pick(DISCONTINUED);
    if (activeKeys.has(key)) continue;
    activeKeys.add(key);
    // Half stop inside the fill window (so fills end mid-year), half earlier.
    const stopDay = rng.chance(0.5) ? ctx.lastDay - rng.int(15, ctx.lastDay - ctx.fillWindowStart) : ctx.fillWindowStart - rng.int(10, 2 * YEAR);
    const startDay = stopDay - rng.int(30, 2 * YEAR);
    meds.push({ product: drug(key), startDay, stopDay, stopReason: reason, prescriberNpi: ctx.pcp.npi, indication: null });
  }
}
