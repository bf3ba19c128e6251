// Freeze the PQA-aligned measure-class lists into src/knowledge/measure-classes.json.
// Run by a developer when the inputs change; the output is committed and never fetched at run time:
//   npx tsx scripts/build-measure-classes.ts [path/to/medication-valuesets.json]
// Inputs: CMS eCQM medication value sets (RxNorm SCD/SBD codes + names; public-domain NLM data, MIT-licensed
// conversion), the demo catalog src/synthetic/catalog/drugs.ts (RXCUI + synthetic NDCs), and the ingredient lists in
// src/knowledge/measure-class-ingredients.ts. Also cross-checks the result against the eCQM value sets that name the
// same drug groups and prints every disagreement (also stored in the JSON under crossCheck).
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DRUGS, syntheticNdc } from '../src/synthetic/catalog/drugs.ts';
import {
  CLASS_INGREDIENTS, CLASS_LISTS_RETRIEVED, CLASS_LISTS_VERSION, MEASURE_CLASSES, classesForIngredients,
  type MeasureClass,
} from '../src/knowledge/measure-class-ingredients.ts';
import { parseIngredients } from '../src/knowledge/rxnorm-display.ts';

const LABEL = 'PQA-aligned (open RxNorm lists, not the licensed PQA NDC value sets)';
const RETRIEVED = '2026-11-25';
const INPUT = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/data/ecqm/medication-valuesets-2026.json');
const OUTPUT = fileURLToPath(new URL('../src/knowledge/measure-classes.json', import.meta.url));

const ValueSets = z.array(z.object({
  class: z.string(), name: z.string(), oid: z.string(), expansion: z.string(),
  rxnorm: z.array(z.object({ code: z.string().regex(/^\d+$/), display: z.string().min(1) })),
}));

/** eCQM value sets whose every code should land in the given class (by OID). */
export const CROSS_CHECK: { oid: string; expected: MeasureClass[] }[] = [
  { oid: '2.16.840.1.113883.3.526.3.1572', expected: ['statin'] }, // High Intensity Statin Therapy
  { oid: '2.16.840.1.113883.3.526.3.1575', expected: ['statin'] }, // Moderate Intensity Statin Therapy
  { oid: '2.16.840.1.113883.3.526.3.1574', expected: ['statin'] }, // Low Intensity Statin Therapy
  { oid: '2.16.840.1.113883.3.526.3.1139', expected: ['rasa'] }, // ACE Inhibitor or ARB or ARNI
  { oid: '2.16.840.1.113762.1.4.1196.394', expected: ['diabetes-noninsulin', 'insulin'] }, // Hypoglycemics Treatment
  { oid: '2.16.840.1.113762.1.4.1196.393', expected: ['diabetes-noninsulin', 'insulin'] }, // Hypoglycemics Severe Hypoglycemia
  { oid: '2.16.840.1.113762.1.4.1248.120', expected: ['opioid'] }, // Opioids
  { oid: '2.16.840.1.113762.1.4.1196.226', expected: ['opioid'] }, // Opioids, All
  { oid: '2.16.840.1.113762.1.4.1046.241', expected: ['opioid'] }, // Schedule II, III and IV Opioid Medications
  { oid: '2.16.840.1.113762.1.4.1125.1', expected: ['benzodiazepine'] }, // Schedule IV Benzodiazepines
  { oid: '2.16.840.1.113883.3.464.1003.196.12.1522', expected: ['benzodiazepine'] }, // PH Benzodiazepines (older adults)
];

/** Why an ingredient found in a cross-check value set is deliberately not in the expected class. */
const KNOWN_REASONS: Record<string, string> = {
  acarbose: 'alpha-glucosidase inhibitor: not one of the PQA PDC-DR drug groups',
  miglitol: 'alpha-glucosidase inhibitor: not one of the PQA PDC-DR drug groups',
  pramlintide: 'amylin analogue: not one of the PQA PDC-DR drug groups',
  bromocriptine: 'dopamine agonist: not one of the PQA PDC-DR drug groups',
  colesevelam: 'bile acid sequestrant: not one of the PQA PDC-DR drug groups',
  mifepristone: 'glucocorticoid receptor antagonist (hyperglycaemia in Cushing syndrome): not a PQA PDC-DR drug group',
};

type Entry = {
  display: string; ingredients: string[]; classes: MeasureClass[];
  source: string; version: string; retrieved: string; label: string;
};

const sets = ValueSets.parse(JSON.parse(readFileSync(INPUT, 'utf8')));
const expansion = [...new Set(sets.map((s) => s.expansion))].join('; ');
const ECQM = { source: 'cms-ecqm-medication-valuesets', version: expansion, retrieved: RETRIEVED, label: LABEL };
const DEMO = { source: 'openmtm-demo-catalog', version: 'src/synthetic/catalog/drugs.ts v1', retrieved: RETRIEVED, label: LABEL };

const products = new Map<string, Entry>();
const problems: string[] = [];
function entry(display: string, prov: typeof ECQM): Entry {
  const ingredients = parseIngredients(display);
  if (ingredients.some((i) => !/^[a-z0-9][a-z0-9 ,.'-]*$/.test(i))) problems.push(`${display} -> ${JSON.stringify(ingredients)}`);
  return { display, ingredients, classes: classesForIngredients(ingredients, display), ...prov };
}

// Codes whose name carries no ingredient (brand-name concepts such as "Eliquis") are left out: unknown to the
// classifier ("could not classify") rather than guessed.
const unparsed = new Map<string, string>();
for (const s of sets) {
  for (const c of s.rxnorm) {
    if (products.has(c.code)) continue;
    const e = entry(c.display, ECQM);
    if (e.ingredients.length === 0) unparsed.set(c.code, c.display);
    else products.set(c.code, e);
  }
}

const demoProducts = new Map<string, Entry>();
const ndc = new Map<string, { rxcui: string | null; demoKey: string; source: string; version: string; retrieved: string; label: string }>();
for (const d of DRUGS) {
  if (d.rxcui) {
    const known = products.get(d.rxcui);
    if (known && known.display !== d.display) problems.push(`demo ${d.key}: rxcui ${d.rxcui} is "${known.display}" in eCQM, "${d.display}" in drugs.ts`);
    if (!known) products.set(d.rxcui, entry(d.display, DEMO));
  } else {
    demoProducts.set(d.key, entry(d.display, DEMO));
  }
  for (const days of [30, 90]) ndc.set(syntheticNdc(d.key, days), { rxcui: d.rxcui, demoKey: d.key, ...DEMO });
}

// Cross-check: every code of a value set naming a drug group should be in one of the expected classes.
const crossCheck: { oid: string; valueSet: string; code: string; display: string; ingredients: string[]; expected: MeasureClass[]; reason: string }[] = [];
for (const { oid, expected } of CROSS_CHECK) {
  const s = sets.find((v) => v.oid === oid);
  if (!s) { problems.push(`cross-check value set ${oid} missing from input`); continue; }
  for (const c of s.rxnorm) {
    const e = products.get(c.code);
    if (!e || e.classes.some((k) => expected.includes(k))) continue;
    const reason = e.ingredients.map((i) => KNOWN_REASONS[i]).find((r) => r !== undefined) ?? 'UNEXPLAINED';
    crossCheck.push({ oid, valueSet: s.name, code: c.code, display: c.display, ingredients: e.ingredients, expected, reason });
  }
}
// Reverse check: codes we put in a class that no cross-check value set for that class lists (informational).
const listed = new Map<MeasureClass, Set<string>>();
for (const { oid, expected } of CROSS_CHECK) {
  const s = sets.find((v) => v.oid === oid);
  for (const k of expected) { const set = listed.get(k) ?? new Set(); s?.rxnorm.forEach((c) => set.add(c.code)); listed.set(k, set); }
}
const extra: Record<string, number> = {};
const extraCodes: string[] = [];
for (const [code, e] of products) for (const k of e.classes) if (listed.has(k) && !listed.get(k)?.has(code)) { extra[k] = (extra[k] ?? 0) + 1; extraCodes.push(`${k}: ${code} ${e.display} (${e.source})`); }

const sortObj = <T>(m: Map<string, T>): Record<string, T> => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
const out = {
  label: LABEL,
  source: 'CMS eCQM medication value sets (RxNorm, NLM public domain) + OpenMTM demo catalog; class membership by ingredient lists in src/knowledge/measure-class-ingredients.ts',
  version: `${CLASS_LISTS_VERSION} (${expansion})`,
  retrieved: RETRIEVED,
  classListsRetrieved: CLASS_LISTS_RETRIEVED,
  generatedBy: 'scripts/build-measure-classes.ts',
  classes: Object.fromEntries(MEASURE_CLASSES.map((k) => [k, { source: CLASS_INGREDIENTS[k].source }])),
  products: sortObj(products),
  demoProducts: sortObj(demoProducts),
  ndc: sortObj(ndc),
  crossCheck,
  unparsed: [...unparsed].map(([code, display]) => ({ code, display, reason: 'brand-name concept: no ingredient in the name' })),
};

// One entry per line: readable diffs when the lists change.
const json = Object.entries(out).map(([k, v]) => {
  if (v !== null && typeof v === 'object') {
    const items = Array.isArray(v) ? v.map((x) => `    ${JSON.stringify(x)}`) : Object.entries(v).map(([ik, iv]) => `    ${JSON.stringify(ik)}: ${JSON.stringify(iv)}`);
    const [o, c] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    return items.length === 0 ? `  ${JSON.stringify(k)}: ${o}${c}` : `  ${JSON.stringify(k)}: ${o}\n${items.join(',\n')}\n  ${c}`;
  }
  return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
});
writeFileSync(OUTPUT, `{\n${json.join(',\n')}\n}\n`);

const perClass = Object.fromEntries(MEASURE_CLASSES.map((k) => [k, [...products.values(), ...demoProducts.values()].filter((e) => e.classes.includes(k)).length]));
console.log(`unparsed (left out): ${[...unparsed.values()].join(', ')}`);
console.log(`products (rxcui): ${products.size}; demo products without rxcui: ${demoProducts.size}; ndc: ${ndc.size}`);
console.log('per class:', perClass);
console.log('in class but not in any cross-check value set for it:', extra);
for (const x of extraCodes) console.log(`  ${x}`);
console.log(`cross-check exceptions: ${crossCheck.length}`);
for (const x of crossCheck) console.log(`  ${x.code} ${x.display} [${x.valueSet}] -> ${x.reason}`);
if (problems.length > 0) { console.log('PROBLEMS:'); for (const p of problems) console.log(`  ${p}`); process.exitCode = 1; }
