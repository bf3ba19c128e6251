// The shipped screening knowledge base: loads, cites a source on every entry, names only known drugs and
// condition concepts, resolves every product code it must, and accepts user files (and rejects bad ones with
// the file and place).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildKnowledge, KnowledgeFileError, shippedKnowledge } from './index.ts';
import type { DrugSelector } from './schema.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data');
const k = shippedKnowledge();

function selectors(): [string, DrugSelector][] {
  return [
    ...k.interactions.flatMap((e) => e.members.map((m): [string, DrugSelector] => [e.id, m])),
    ...k.beersAvoid.map((e): [string, DrugSelector] => [e.id, e.drugs]),
    ...k.beersDrugDisease.map((e): [string, DrugSelector] => [e.id, e.drugs]),
    ...k.renal.map((e): [string, DrugSelector] => [e.id, e.drugs]),
    ...k.monitoring.flatMap((e): [string, DrugSelector][] => (e.drugs ? [[e.id, e.drugs]] : [])),
    ...k.labAlerts.flatMap((e): [string, DrugSelector][] => (e.drugs ? [[e.id, e.drugs]] : [])),
    ...k.therapyGaps.flatMap((e): [string, DrugSelector][] => [[e.id, e.missing], ...(e.whenDrugs ? [[e.id, e.whenDrugs] as [string, DrugSelector]] : [])]),
    ...(k.cnsActive ? [[k.cnsActive.id, k.cnsActive.drugs] as [string, DrugSelector]] : []),
    ...k.doses.map((e): [string, DrugSelector] => [e.id, { ingredients: [e.ingredient] }]),
  ];
}

describe('shipped screening knowledge', () => {
  it('has the breadth the issue asks for', () => {
    assert.ok(k.drugs.size >= 300, `${k.drugs.size} ingredients`);
    assert.ok(k.products.size >= 3500, `${k.products.size} product codes`);
    assert.deepEqual([...new Set(k.interactions.map((e) => e.oncGroup).filter((g) => g !== undefined))].sort((a, b) => (a ?? 0) - (b ?? 0)), Array.from({ length: 15 }, (_, i) => i + 1));
    assert.ok(k.interactions.some((e) => e.nonInterruptive), 'ONC non-interruptive pairs are encoded');
  });

  it('gives every entry a source with citation, version and retrieval date', () => {
    const all = [...k.drugs.values(), ...k.products.values(), ...k.interactions, ...k.duplications, ...k.conditions.values(), ...k.beersAvoid,
      ...k.beersDrugDisease, ...k.renal, ...k.doses, ...k.monitoring, ...k.labAlerts, ...k.vaccines, ...k.therapyGaps];
    for (const e of all) {
      assert.ok(e.provenance.citation.length > 10 && /^\d{4}-\d{2}-\d{2}$/.test(e.provenance.retrieved) && e.provenance.version.length > 0, JSON.stringify(e).slice(0, 120));
    }
  });

  it('names only ingredients that are in the drug dictionary', () => {
    const unknown = selectors().flatMap(([id, s]) => (s.ingredients ?? []).filter((n) => !k.drugs.has(n)).map((n) => `${id}: ${n}`));
    assert.deepEqual(unknown, []);
  });

  it('uses every class a rule names on at least one ingredient', () => {
    const used = new Set([...k.drugs.values()].flatMap((d) => d.classes));
    const empty = selectors().flatMap(([id, s]) => (s.classes ?? []).filter((c) => !used.has(c)).map((c) => `${id}: ${c}`));
    assert.deepEqual(empty, []);
  });

  it('resolves every product code of the eCQM value sets and the Synthea sample to ingredients', () => {
    const valueSets = JSON.parse(fs.readFileSync(path.join(SHARED, 'ecqm/medication-valuesets-2026.json'), 'utf8')) as { rxnorm: { code: string }[] }[];
    const codes = new Set(valueSets.flatMap((v) => v.rxnorm.map((r) => r.code)));
    for (const line of fs.readFileSync(path.join(SHARED, 'synthea-sample/MedicationRequest.000.ndjson'), 'utf8').split('\n').filter(Boolean)) {
      const code = (JSON.parse(line) as { medicationCodeableConcept: { coding: { code: string }[] } }).medicationCodeableConcept.coding[0]?.code;
      if (code) codes.add(code);
    }
    assert.ok(codes.size > 3500, 'more than 3500 product codes to resolve');
    const missing = [...codes].filter((c) => (k.products.get(c)?.ingredients.length ?? 0) === 0);
    assert.deepEqual(missing, []);
    // brand-only concepts resolve through the dictionary's brand names
    assert.deepEqual(k.products.get('1364436')?.ingredients.map((i) => i.name), ['apixaban']); // Eliquis
    assert.deepEqual(k.products.get('1856546')?.ingredients.map((i) => i.name), ['levonorgestrel']); // Kyleena
  });

  it('statins carry their ACC/AHA intensity thresholds', () => {
    for (const d of k.drugs.values()) if (d.classSet.has('statin')) assert.ok(d.statinIntensity, d.name);
  });
});

describe('user knowledge files', () => {
  const sources = { local: { citation: 'Local P&T committee decision 2026-11', version: '1', retrieved: '2026-11-20' } };
  it('adds rules, overrides shipped ones by id and disables by id', () => {
    const custom = buildKnowledge([
      { name: 'local-ddi.json', json: { kind: 'interactions', version: '1', retrieved: '2026-11-20', sources, interactions: [
        { id: 'local.ddi.atorvastatin-amlodipine', version: 1, title: 'Local: atorvastatin with amlodipine', members: [{ ingredients: ['atorvastatin'] }, { ingredients: ['amlodipine'] }], severity: 'low', mechanism: 'local policy example', recommendation: 'Review per local protocol.', patientText: 'Ask your pharmacist about these two medicines.', source: 'local' },
      ] } },
      { name: 'off.json', json: { kind: 'disable', ids: ['dup.ssri'] } },
    ]);
    assert.ok(custom.interactions.some((e) => e.id === 'local.ddi.atorvastatin-amlodipine' && e.provenance.file === 'local-ddi.json'), 'the local interaction is loaded with its file as provenance');
    assert.ok(custom.disabled.has('dup.ssri'), 'dup.ssri is disabled');
    assert.equal(custom.interactions.length, k.interactions.length + 1);
  });

  it('rejects a bad file naming the file, the place and the problem', () => {
    assert.throws(
      () => buildKnowledge([{ name: 'bad.json', json: { kind: 'interactions', version: '1', retrieved: '2026-11-20', sources, interactions: [{ id: 'x.y', version: 1, title: 'Bad one', members: [{ classes: ['not-a-class'] }, { ingredients: ['warfarin'] }], severity: 'high', mechanism: 'm m m m', recommendation: 'r r r r r r r r', patientText: 'p p p p p p p p', source: 'local' }] } }]),
      (e: unknown) => e instanceof KnowledgeFileError && e.file === 'bad.json' && e.issues.some((i) => i.pointer === '/interactions/0/members/0/classes/0'),
    );
    assert.throws(() => buildKnowledge([{ name: 'nokind.json', json: { interactions: [] } }]), /nokind\.json.*\/kind/);
    assert.throws(
      () => buildKnowledge([{ name: 'nosource.json', json: { kind: 'doses', version: '1', retrieved: '2026-11-20', sources: {}, limits: [{ id: 'dose.x', version: 1, ingredient: 'warfarin', maxDailyMg: 20, recommendation: 'r r r r r r r r r', patientText: 'p p p p p p p p p', source: 'missing' }] } }]),
      /nosource\.json.*\/limits\/0\/source.*"missing"/,
    );
  });
});
