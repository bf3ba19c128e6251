// Freeze src/knowledge/screening/products.json: RxNorm product codes → ingredients and strengths, for screening.
// Run by a developer when an input changes; the output is committed and never fetched at run time:
//   node --import tsx scripts/build-screening-products.ts
// Inputs: the CMS eCQM medication value sets (6,571 codes / 82 classes; RxNorm names and codes are NLM public-domain
// data), the Synthea sample MedicationRequests (CC0) and the demo catalog. Names are parsed with the same parser as
// the measure classes (src/knowledge/rxnorm-display.ts); a brand-name concept ("Eliquis", "Kyleena 19.5 MG
// Intrauterine System") is resolved through the brand names in drugs.json. Every input code must resolve to at
// least one ingredient, or the script fails listing the ones that did not.
import path from 'node:path';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DRUGS } from '../src/synthetic/catalog/drugs.ts';
import { parseComponents, type ProductComponent } from '../src/knowledge/rxnorm-display.ts';
import { drugsFileSchema } from '../src/knowledge/screening/schema.ts';

const SHARED = path.resolve(import.meta.dirname, '../../shared/data');
const OUTPUT = fileURLToPath(new URL('../src/knowledge/screening/products.json', import.meta.url));
const DRUGS_JSON = fileURLToPath(new URL('../src/knowledge/screening/drugs.json', import.meta.url));
const RETRIEVED = '2026-11-25';

const dictionary = drugsFileSchema.parse(JSON.parse(readFileSync(DRUGS_JSON, 'utf8')));
const known = new Set(dictionary.drugs.map((d) => d.name));
const brands = new Map<string, string[]>();
for (const d of dictionary.drugs) for (const b of d.brands) brands.set(b.toLowerCase(), [...(brands.get(b.toLowerCase()) ?? []), d.name]);

type Input = { code: string; display: string; source: string };
const inputs: Input[] = [];
const valueSets = JSON.parse(readFileSync(path.join(SHARED, 'ecqm/medication-valuesets-2026.json'), 'utf8')) as { rxnorm: { code: string; display: string }[] }[];
for (const vs of valueSets) for (const r of vs.rxnorm) inputs.push({ code: r.code, display: r.display, source: 'ecqm' });
const synthea = path.join(SHARED, 'synthea-sample');
for (const f of readdirSync(synthea).filter((n) => n.startsWith('MedicationRequest'))) {
  for (const line of readFileSync(path.join(synthea, f), 'utf8').split('\n').filter(Boolean)) {
    const c = (JSON.parse(line) as { medicationCodeableConcept?: { coding?: { code: string; display: string }[] } }).medicationCodeableConcept?.coding?.[0];
    if (c) inputs.push({ code: c.code, display: c.display, source: 'synthea' });
  }
}
for (const d of DRUGS) if (d.rxcui) inputs.push({ code: d.rxcui, display: d.display, source: 'demo' });

/** Brand-only concepts: the leading capitalised words name the brand ("Kyleena 19.5 MG Intrauterine System"). */
function viaBrand(display: string): ProductComponent[] | undefined {
  const bracket = /\[([^\]]+)\]/.exec(display)?.[1];
  const words = display.replace(/\[[^\]]*\]/g, ' ').trim().split(/\s+/);
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const names = brands.get(words.slice(0, n).join(' ').toLowerCase()) ?? (bracket ? brands.get(bracket.toLowerCase()) : undefined);
    if (!names) continue;
    const strength = /(\d+(?:\.\d+)?) (MG|MCG|MG\/ML|MG\/HR|UNT\/ML)\b/.exec(display);
    return names.map((name) => (names.length === 1 && strength ? { name, strength: Number(strength[1]), unit: strength[2] } : { name }));
  }
  return undefined;
}

const products: Record<string, { name: string; ingredients: ProductComponent[]; source: string }> = {};
const unresolved: Input[] = [];
let fromBrand = 0;
for (const i of inputs) {
  if (products[i.code]) continue;
  let ingredients = parseComponents(i.display);
  if (ingredients.length === 0 || !ingredients.some((c) => known.has(c.name))) {
    const b = viaBrand(i.display);
    if (b) { ingredients = b; fromBrand++; }
  }
  if (ingredients.length === 0) { unresolved.push(i); continue; }
  products[i.code] = { name: i.display, ingredients: ingredients.map((c) => ({ name: c.name, ...(c.strength !== undefined && c.strength > 0 ? { strength: c.strength, unit: c.unit } : {}) })), source: i.source };
}
if (unresolved.length > 0) {
  console.error(`${unresolved.length} product codes did not resolve to an ingredient:`);
  for (const u of unresolved) console.error(`  ${u.code} ${u.display} (${u.source})`);
  process.exit(1);
}
const codes = Object.keys(products).sort((a, b) => Number(a) - Number(b));
const outOfDictionary = new Set(codes.flatMap((c) => products[c]?.ingredients.map((x) => x.name) ?? []).filter((n) => !known.has(n)));
const out = {
  version: '2026.11.1',
  retrieved: RETRIEVED,
  sources: {
    ecqm: { citation: 'CMS eCQM medication value sets (VSAC expansions, eCQM Update 2025-05-08): RxNorm SCD/SBD/pack codes and names (NLM RxNorm, public domain); ingredients and strengths parsed from the RxNorm names', url: 'https://ecqi.healthit.gov/ecqms', version: 'eCQM Update 2025-05-08', retrieved: RETRIEVED },
    synthea: { citation: 'Synthea synthetic patients sample (CC0): RxNorm codes and names on MedicationRequest resources', url: 'https://github.com/synthetichealth/synthea', version: 'shared/data/synthea-sample', retrieved: RETRIEVED },
    demo: { citation: 'OpenMTM demo catalog (src/synthetic/catalog/drugs.ts): RxNorm SCD codes copied from the eCQM value sets and the Synthea sample', version: 'v1', retrieved: RETRIEVED },
  },
  products: Object.fromEntries(codes.map((c) => [c, products[c]])),
};
writeFileSync(OUTPUT, `{\n${JSON.stringify({ ...out, products: undefined }, null, 1).slice(2, -2)},\n "products": {\n${codes.map((c) => `  ${JSON.stringify(c)}: ${JSON.stringify(products[c])}`).join(',\n')}\n }\n}\n`);
console.log(`${codes.length} product codes (${fromBrand} via brand names); ${outOfDictionary.size} ingredient names outside the drug dictionary`);
