// `openmtm screen` and `openmtm import-fhir` end to end: a FHIR R4 Bundle file in, a JSON array of findings out;
// a Synthea export imported into the embedded database; bad input refused with the file and the place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ndjsonToBundles } from '../src/interop/fhir-r4.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SYNTHEA = path.resolve(ROOT, '../shared/data/synthea-sample');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-screen-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openmtm(args: string[]) {
  const env = { ...process.env, OPENMTM_DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), ...args], { env, encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function writeSyntheaBundle(prefix: string): string {
  const files = fs.readdirSync(SYNTHEA).map((name) => ({ name, text: fs.readFileSync(path.join(SYNTHEA, name), 'utf8') }));
  const b = ndjsonToBundles(files).find((x) => x.patientId.startsWith(prefix))!;
  const file = path.join(tmp, `${prefix}.json`);
  fs.writeFileSync(file, JSON.stringify(b.bundle));
  return file;
}

describe('openmtm screen', () => {
  it('prints the findings for a FHIR Bundle as a JSON array', () => {
    const r = openmtm(['screen', writeSyntheaBundle('6a4160eb'), '--as-of', '2026-11-25']);
    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out) as { ruleId: string; category: string; severity: string; status: string; drugs: string[]; summary: string; missing: string[] }[];
    assert.ok(Array.isArray(findings) && findings.length > 3, 'more than three findings in a JSON array');
    for (const f of findings) for (const key of ['ruleId', 'category', 'severity', 'status', 'drugs', 'summary', 'missing']) assert.ok(key in f, key);
    assert.deepEqual([findings[0]?.ruleId, findings[0]?.drugs], ['ddi.nsaid-ras-diuretic-triple-whammy', ['hydrochlorothiazide', 'lisinopril', 'naproxen']]);
    assert.ok(findings.some((f) => f.status === 'could-not-assess' && f.missing.length > 0), 'a could-not-assess finding names what is missing');
  });

  it('screens a medication given only as text, and loads a user knowledge directory', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [
      { resource: { resourceType: 'Patient', id: 'p', birthDate: '1950-02-01', gender: 'male' } },
      { resource: { resourceType: 'MedicationStatement', id: 'm1', status: 'active', subject: { reference: 'Patient/p' }, medicationCodeableConcept: { text: 'Atorvastatin 40 mg tablet' }, dosage: [{ text: 'take 1 tablet daily' }] } },
      { resource: { resourceType: 'MedicationStatement', id: 'm2', status: 'active', subject: { reference: 'Patient/p' }, medicationCodeableConcept: { text: 'amlodipine 5mg' }, dosage: [{ text: '1 tab daily' }] } },
    ] };
    const file = path.join(tmp, 'text.json');
    fs.writeFileSync(file, JSON.stringify(bundle));
    const dir = path.join(tmp, 'knowledge');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'local.json'), JSON.stringify({ kind: 'interactions', version: '1', retrieved: '2026-11-20',
      sources: { local: { citation: 'Local P&T committee decision 2026-11', version: '1', retrieved: '2026-11-20' } },
      interactions: [{ id: 'local.atorvastatin-amlodipine', version: 1, title: 'Local rule: atorvastatin with amlodipine', members: [{ ingredients: ['atorvastatin'] }, { ingredients: ['amlodipine'] }], severity: 'low', mechanism: 'example local rule', recommendation: 'Review per local protocol.', patientText: 'Ask your pharmacist about these two medicines.', source: 'local' }] }));
    const plain = JSON.parse(openmtm(['screen', file, '--as-of', '2026-11-25']).out) as { ruleId: string }[];
    assert.ok(!plain.some((f) => f.ruleId === 'local.atorvastatin-amlodipine'), 'without --knowledge the local rule does not fire');
    const r = openmtm(['screen', file, '--as-of', '2026-11-25', '--knowledge', dir]);
    assert.equal(r.code, 0, r.err);
    assert.ok((JSON.parse(r.out) as { ruleId: string }[]).some((f) => f.ruleId === 'local.atorvastatin-amlodipine'), 'with --knowledge the local rule fires');
  });

  it('refuses bad input with the file and the place', () => {
    const missing = openmtm(['screen', path.join(tmp, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.json does not exist/);
    const notJson = path.join(tmp, 'bad.json');
    fs.writeFileSync(notJson, '{"resourceType": "Bundle",');
    assert.match(openmtm(['screen', notJson]).err, /bad\.json is not valid JSON/);
    const badMed = path.join(tmp, 'badmed.json');
    fs.writeFileSync(badMed, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p' } }, { resource: { resourceType: 'MedicationRequest', status: 'active', subject: { reference: 'Patient/p' } } }] }));
    const r = openmtm(['screen', badMed]);
    assert.equal(r.code, 1);
    assert.match(r.err, /\/entry\/1\/resource/);
    assert.equal(openmtm(['screen', badMed, '--as-of', '2026-13-01']).code, 2);
    const badKnowledge = path.join(tmp, 'badk');
    fs.mkdirSync(badKnowledge);
    fs.writeFileSync(path.join(badKnowledge, 'x.json'), JSON.stringify({ kind: 'doses', version: '1', retrieved: '2026-11-20', sources: {}, limits: [{ id: 'Bad Id' }] }));
    const k = openmtm(['screen', writeSyntheaBundle('6a4160eb'), '--knowledge', badKnowledge]);
    assert.equal(k.code, 2);
    assert.match(k.err, /x\.json.*\/limits\/0\/id/);
  });
});

describe('openmtm import-fhir', () => {
  it('imports the Synthea sample into the embedded database, idempotently', () => {
    const first = openmtm(['import-fhir', SYNTHEA, '--org', 'Synthea Clinic', '--create-org']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /5 FHIR patients read/);
    const counts = (out: string) => JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { patients: { inserted: number; existing: number }; medications: number; conditions: number; immunizations: number };
    const c1 = counts(first.out);
    assert.deepEqual([c1.patients.inserted, c1.medications, c1.conditions, c1.immunizations], [5, 27, 157, 63]);
    const again = openmtm(['import-fhir', SYNTHEA, '--org', 'Synthea Clinic']);
    assert.equal(again.code, 0, again.err);
    const c2 = counts(again.out);
    assert.deepEqual([c2.patients.inserted, c2.patients.existing, c2.medications], [0, 5, 0]);
    const noOrg = openmtm(['import-fhir', SYNTHEA, '--org', 'Nobody']);
    assert.equal(noOrg.code, 2);
    assert.match(noOrg.err, /--create-org/);
  });
});

describe('openmtm takeaway', () => {
  it('writes a draft PDF takeaway in English and Spanish, and refuses a bad language', () => {
    const bundle = writeSyntheaBundle('6a4160eb');
    for (const lang of ['en', 'es']) {
      const out = path.join(tmp, `takeaway-${lang}.pdf`);
      const r = openmtm(['takeaway', bundle, '--lang', lang, '--out', out, '--as-of', '2026-11-25']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Wrote a draft PDF takeaway \(\d+ proposed action items, 3 medications\)/);
      const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
      assert.match(text, lang === 'en' ? /Medication Action Plan[\s\S]*Personal Medication List/ : /Plan de acci[oó]n[\s\S]*Lista personal de medicamentos/i);
      assert.match(text, /Naproxen sodium 220 MG Oral Tablet/);
    }
    const bad = openmtm(['takeaway', bundle, '--lang', 'fr', '--out', path.join(tmp, 'x.pdf')]);
    assert.equal(bad.code, 2);
    assert.equal(fs.existsSync(path.join(tmp, 'x.pdf')), false);
  });
});
