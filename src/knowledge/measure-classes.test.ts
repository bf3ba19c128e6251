import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DRUGS, syntheticNdc } from '../synthetic/catalog/drugs.ts';
import { ClassOverrideError, classKeysForProduct, classifyProduct, toClassKeys, loadClassOverride, normalizeNdc, type MeasureClass } from './measure-classes.ts';
import { parseIngredients } from './rxnorm-display.ts';
import shipped from './measure-classes.json' with { type: 'json' };

const LABEL = 'PQA-aligned (open RxNorm lists, not the licensed PQA NDC value sets)';

test('ingredient parsing: combinations, salts, qualifiers, packs, brand names', () => {
  assert.deepEqual(parseIngredients('lisinopril 10 MG / hydrochlorothiazide 12.5 MG Oral Tablet'), ['lisinopril', 'hydrochlorothiazide']);
  assert.deepEqual(parseIngredients('Abuse-Deterrent 12 HR oxycodone hydrochloride 10 MG Extended Release Oral Tablet'), ['oxycodone']);
  assert.deepEqual(parseIngredients('0.25 MG, 0.5 MG Dose 1.5 ML semaglutide 1.34 MG/ML Pen Injector'), ['semaglutide']);
  assert.deepEqual(parseIngredients('3 ML insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Pen Injector'), ['insulin isophane, human', 'insulin, regular, human']);
  assert.deepEqual(parseIngredients('ezetimibe 10 MG / simvastatin 20 MG Oral Tablet [Vytorin]'), ['ezetimibe', 'simvastatin']);
  assert.deepEqual(parseIngredients('{7 (donepezil hydrochloride 10 MG / memantine hydrochloride 7 MG Oral Capsule) / 7 (memantine hydrochloride 14 MG Oral Capsule)} Pack'), ['donepezil', 'memantine']);
  assert.deepEqual(parseIngredients('potassium chloride 20 MEQ Extended Release Oral Tablet'), ['potassium chloride']);
});

// [description, rxcui or ndc, expected ingredients, expected classes]
const CASES: [string, { rxcui?: string; ndc?: string }, string[], MeasureClass[]][] = [
  ['metformin 500 MG', { rxcui: '861007' }, ['metformin'], ['diabetes-noninsulin']],
  ['glipizide 2.5 MG / metformin 500 MG', { rxcui: '861736' }, ['glipizide', 'metformin'], ['diabetes-noninsulin']],
  ['lisinopril 20 MG / HCTZ 25 MG', { rxcui: '197887' }, ['hydrochlorothiazide', 'lisinopril'], ['rasa']],
  // Choice: sacubitril/valsartan is in `rasa` too (it contains the ARB valsartan); PQA excludes any member with a
  // sacubitril/valsartan fill from PDC-RASA, so the engine applies that exclusion via `sacubitril-valsartan`.
  ['sacubitril/valsartan', { rxcui: '1656349' }, ['sacubitril', 'valsartan'], ['rasa', 'sacubitril-valsartan']],
  ['atorvastatin 40 MG', { rxcui: '617311' }, ['atorvastatin'], ['statin']],
  ['ezetimibe 10 MG / simvastatin 10 MG', { rxcui: '476345' }, ['ezetimibe', 'simvastatin'], ['statin']],
  ['insulin glargine pen', { rxcui: '847230' }, ['insulin glargine'], ['insulin']],
  ['oxycodone/acetaminophen', { rxcui: '1049221' }, ['acetaminophen', 'oxycodone'], ['opioid']],
  ['alprazolam 0.5 MG', { rxcui: '308048' }, ['alprazolam'], ['benzodiazepine']],
  ['amitriptyline 10 MG', { rxcui: '856783' }, ['amitriptyline'], ['anticholinergic']],
  ['oxybutynin (demo, no RXCUI) by synthetic NDC', { ndc: syntheticNdc('oxybutynin-5', 30) }, ['oxybutynin'], ['anticholinergic']],
  ['ezetimibe alone (demo, no RXCUI) is not a statin', { ndc: syntheticNdc('ezetimibe-10', 90) }, ['ezetimibe'], []],
  ['warfarin is known and in no class', { rxcui: '855332' }, ['warfarin'], []],
  ['lisinopril by hyphenated synthetic NDC', { ndc: '99100-0001-30' }, ['lisinopril'], ['rasa']],
];

for (const [name, code, ingredients, classes] of CASES) {
  test(`classifies ${name}`, () => {
    const got = classifyProduct(code);
    assert.ok(got, `${name} should be known`);
    assert.deepEqual([...got.ingredients].sort(), [...ingredients].sort());
    assert.deepEqual(got.classes, classes);
  });
}

test('unknown codes return undefined (could not classify), never "no class"', () => {
  assert.equal(classifyProduct({ rxcui: '999999999' }), undefined);
  assert.equal(classifyProduct({ ndc: '00000000000' }), undefined);
  assert.equal(classifyProduct({ rxcui: null, ndc: null }), undefined);
  assert.equal(classifyProduct({ ndc: 'not-an-ndc' }), undefined);
  assert.equal(classifyProduct({ rxcui: '1364445' })?.classes.length, 0); // apixaban SCD: known
});

test('every demo catalog product resolves by RXCUI (if any) and by both synthetic NDCs, consistent with its demo class', () => {
  const expectByDemoClass: Record<string, MeasureClass> = {
    'ace-inhibitor': 'rasa', arb: 'rasa', arni: 'sacubitril-valsartan', statin: 'statin', biguanide: 'diabetes-noninsulin',
    sulfonylurea: 'diabetes-noninsulin', dpp4: 'diabetes-noninsulin', sglt2: 'diabetes-noninsulin', tzd: 'diabetes-noninsulin',
    glp1: 'diabetes-noninsulin', 'basal-insulin': 'insulin', opioid: 'opioid', benzodiazepine: 'benzodiazepine',
    antimuscarinic: 'anticholinergic',
  };
  for (const d of DRUGS) {
    for (const days of [30, 90]) {
      const byNdc = classifyProduct({ ndc: syntheticNdc(d.key, days) });
      assert.ok(byNdc, `${d.key} NDC`);
      if (d.rxcui) assert.deepEqual(classifyProduct({ rxcui: d.rxcui }), byNdc, d.key);
      const want = expectByDemoClass[d.drugClass];
      if (want) assert.ok(byNdc.classes.includes(want), `${d.key} should be ${want}`);
    }
  }
  // demo first-generation antihistamines and cyclobenzaprine are strongly anticholinergic (AGS Beers 2023)
  for (const key of ['diphenhydramine-25', 'chlorpheniramine-4', 'meclizine-25', 'hydroxyzine-25', 'cyclobenzaprine-10']) {
    assert.ok(classifyProduct({ ndc: syntheticNdc(key, 30) })?.classes.includes('anticholinergic'), key);
  }
});

test('provenance on the file and on every entry', () => {
  assert.equal(shipped.label, LABEL);
  assert.equal(shipped.retrieved, '2026-11-25');
  assert.ok(shipped.source.length > 0 && shipped.version.length > 0, 'the file names its source and version');
  for (const group of [shipped.products, shipped.demoProducts, shipped.ndc]) {
    for (const e of Object.values(group)) {
      assert.equal(e.label, LABEL);
      assert.equal(e.retrieved, '2026-11-25');
      assert.ok(e.source && e.version, 'every entry names its source and version');
    }
  }
});

// Cross-check against the eCQM value sets that name the same drug groups. The exceptions are deliberate and listed
// with reasons (drugs the eCQM hypoglycemic sets contain but PQA PDC-DR does not).
// The shared data sets sit beside the repository (../shared), in every checkout and CI run.
const ECQM = path.resolve(import.meta.dirname, '../../../shared/data/ecqm/medication-valuesets-2026.json');
const EXPECTED_SETS: [oid: string, classes: MeasureClass[]][] = [
  ['2.16.840.1.113883.3.526.3.1572', ['statin']],
  ['2.16.840.1.113883.3.526.3.1575', ['statin']],
  ['2.16.840.1.113883.3.526.3.1574', ['statin']],
  ['2.16.840.1.113883.3.526.3.1139', ['rasa']],
  ['2.16.840.1.113762.1.4.1196.394', ['diabetes-noninsulin', 'insulin']],
  ['2.16.840.1.113762.1.4.1196.393', ['diabetes-noninsulin', 'insulin']],
  ['2.16.840.1.113762.1.4.1248.120', ['opioid']],
  ['2.16.840.1.113762.1.4.1196.226', ['opioid']],
  ['2.16.840.1.113762.1.4.1046.241', ['opioid']],
  ['2.16.840.1.113762.1.4.1125.1', ['benzodiazepine']],
  ['2.16.840.1.113883.3.464.1003.196.12.1522', ['benzodiazepine']],
];
const NOT_IN_CLASS_BY_DESIGN: Record<string, string> = {
  acarbose: 'alpha-glucosidase inhibitor, not a PDC-DR group',
  miglitol: 'alpha-glucosidase inhibitor, not a PDC-DR group',
  bromocriptine: 'dopamine agonist, not a PDC-DR group',
  pramlintide: 'amylin analogue, not a PDC-DR group',
  mifepristone: 'glucocorticoid receptor antagonist, not a PDC-DR group',
};

test('every code in the eCQM statin/ACE-ARB/hypoglycemic/opioid/benzodiazepine value sets lands in the expected class', () => {
  assert.ok(existsSync(ECQM), `${ECQM} is missing: the shared data set is part of every checkout and CI run`);
  type VS = { oid: string; name: string; rxnorm: { code: string; display: string }[] };
  const sets = JSON.parse(readFileSync(ECQM, 'utf8')) as VS[];
  const exceptions: string[] = [];
  let checked = 0;
  for (const [oid, classes] of EXPECTED_SETS) {
    const vs = sets.find((s) => s.oid === oid);
    assert.ok(vs, oid);
    for (const c of vs.rxnorm) {
      const got = classifyProduct({ rxcui: c.code });
      assert.ok(got, `${c.code} ${c.display} should resolve`);
      checked++;
      if (got.classes.some((k) => classes.includes(k))) continue;
      const reason = got.ingredients.map((i) => NOT_IN_CLASS_BY_DESIGN[i]).find((r) => r);
      assert.ok(reason, `${c.code} ${c.display} [${vs.name}] not in ${classes.join('/')} and no documented reason`);
      exceptions.push(c.code);
    }
  }
  assert.ok(checked > 1000, 'more than 1000 value-set codes were checked');
  assert.equal(new Set(exceptions).size, 13); // 3 acarbose, 3 miglitol, 3 bromocriptine, 2 pramlintide, 2 mifepristone
  assert.deepEqual(shipped.crossCheck.map((x) => x.code).sort(), [...exceptions].sort());
});

test('engine-shaped class keys: in-class ingredients only, so single and combination products are the same drug', () => {
  assert.deepEqual(classKeysForProduct({ rxcui: '314076' }), { rasa: 'lisinopril' });
  assert.deepEqual(classKeysForProduct({ rxcui: '197887' }), { rasa: 'lisinopril' });
  assert.deepEqual(classKeysForProduct({ rxcui: '1656349' }), { rasa: 'valsartan', 'sacubitril-valsartan': 'sacubitril' });
  assert.deepEqual(classKeysForProduct({ rxcui: '476345' }), { statin: 'simvastatin' });
  assert.deepEqual(classKeysForProduct({ rxcui: '861736' }), { 'diabetes-noninsulin': 'glipizide/metformin' });
  assert.deepEqual(classKeysForProduct({ rxcui: '855332' }), {});
  assert.equal(classKeysForProduct({ rxcui: '999999999' }), undefined);
  assert.deepEqual(toClassKeys({ ingredients: [], classes: ['statin'] }, { ndc: '11111-2222-33' }), { statin: 'ndc:11111222233' });
});

test('normalizeNdc handles 11-digit and hyphenated 10-digit forms', () => {
  assert.equal(normalizeNdc('0002-3227-30'), '00002322730');
  assert.equal(normalizeNdc('12345-678-90'), '12345067890');
  assert.equal(normalizeNdc('12345-6789-1'), '12345678901');
  assert.equal(normalizeNdc('12345678901'), '12345678901');
  assert.equal(normalizeNdc('1234567890'), undefined);
});

test('licensed override replaces the covered classes and keeps the open lists for the rest', () => {
  const { classify, provenance } = loadClassOverride({
    source: 'PQA licensed value sets (test fixture)', version: '2026',
    classes: { statin: { ndc: ['11111-2222-33'] }, opioid: { rxcui: ['1049221'] } },
  });
  assert.equal(provenance.version, '2026');
  // atorvastatin RXCUI is not in the licensed statin list given by NDC: the licensed list decides
  assert.deepEqual(classify({ rxcui: '617311' })?.classes, []);
  assert.deepEqual(classify({ ndc: '11111222233' }), { ingredients: [], classes: ['statin'] });
  assert.deepEqual(classify({ rxcui: '1049221' })?.classes, ['opioid']);
  assert.deepEqual(classify({ rxcui: '861007' })?.classes, ['diabetes-noninsulin']); // not covered: open list
  assert.equal(classify({ rxcui: '999999999' }), undefined);
});

test('override loader rejects a malformed file with located messages', () => {
  const bad = { source: 'x', version: '1', classes: { statin: { ndc: ['12345678901', 'abc'] }, 'cancer-related': {} } };
  assert.throws(() => loadClassOverride(bad), (e: unknown) => {
    assert.ok(e instanceof ClassOverrideError, 'the error is a ClassOverrideError');
    assert.ok(e.issues.some((i) => i.path === 'classes.statin.ndc[1]' && /NDC/.test(i.message)), e.message);
    assert.ok(e.issues.some((i) => i.path.startsWith('classes')), e.message);
    return true;
  });
  assert.throws(() => loadClassOverride({ classes: {} }), /source/);
  assert.throws(() => loadClassOverride('nope'), ClassOverrideError);
});
