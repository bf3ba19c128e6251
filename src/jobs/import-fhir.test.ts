import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDb, testDbKinds } from '../../test/helpers/db.ts';
import { ValidationError } from '../domain/errors.ts';
import { FhirInputError } from '../interop/fhir-r4.ts';
import type { Db } from '../store/db.ts';
import { countPopulationRows } from '../store/population.repository.ts';
import { importFhir } from './import-fhir.ts';

const SYNTHEA = path.resolve(import.meta.dirname, '../../../shared/data/synthea-sample');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-fhir-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function newOrg(db: Db, name: string): Promise<string> {
  const rows = await db.query<{ id: string }>("INSERT INTO organizations (name, kind) VALUES ($1, 'pharmacy') RETURNING id", [name]);
  return rows[0]!.id;
}

const patient = (id: string) => ({ resourceType: 'Patient', id, birthDate: '1944-12-01', gender: 'female', name: [{ family: 'Rossi', given: ['Lucia'] }] });
const bundle = (...resources: object[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
const metformin = (id: string) => ({
  resourceType: 'MedicationRequest', id, status: 'active', authoredOn: '2023-03-03',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975', display: 'metformin 500 MG Oral Tablet' }] },
});

/** A fresh directory per call: the suite runs once per database kind. */
function writeDir(name: string, files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

for (const kind of testDbKinds()) {
  describe(`FHIR import (${kind})`, () => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    before(async () => {
      db = await createTestDb(kind);
    });
    after(async () => {
      await db.drop();
    });

    test('imports the Synthea bulk export; re-importing adds nothing', async () => {
      const orgId = await newOrg(db, 'Synthea pharmacy');
      const r = await importFhir(db, { orgId, path: SYNTHEA });
      assert.equal(r.patients, 5);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.counts.patients, { inserted: 5, existing: 0 });
      const rows = await countPopulationRows(db, orgId);
      assert.deepEqual(
        { patients: rows['patients'], medications: rows['medications'], conditions: rows['conditions'], allergies: rows['allergies'], immunizations: rows['immunizations'], encounters: rows['encounters'], prescribers: rows['prescribers'] },
        // 188 MedicationRequests collapse to 27 (one per RxNorm code per patient); every condition, allergy and immunization is kept.
        { patients: 5, medications: 27, conditions: 157, allergies: 3, immunizations: 63, encounters: 250, prescribers: 0 },
      );
      const meds = await db.query<{ rxcui: string; stop: string | null }>(
        `SELECT m.rxcui, m.stop_date::text AS stop FROM medications m JOIN patients p ON p.id = m.patient_id
          WHERE p.org_id = $1 AND p.external_id = '6a4160eb-a793-2f86-2302-378626f46cce' ORDER BY m.rxcui`,
        [orgId],
      );
      assert.deepEqual(meds.filter((m) => m.stop === null).map((m) => m.rxcui), ['310798', '314076', '849574']);

      const again = await importFhir(db, { orgId, path: SYNTHEA });
      assert.deepEqual(again.counts.patients, { inserted: 0, existing: 5 });
      assert.deepEqual(await countPopulationRows(db, orgId), rows);
    });

    test('imports a directory of Bundle files, or one Bundle file', async () => {
      const dir = writeDir('bundles', { 'a.json': bundle(patient('pa'), metformin('m1')), 'b.json': bundle(patient('pb')), 'notes.txt': 'not FHIR' });
      const orgId = await newOrg(db, 'Bundle pharmacy');
      const r = await importFhir(db, { orgId, path: dir });
      assert.deepEqual(r.counts.patients, { inserted: 2, existing: 0 });
      assert.equal(r.counts.medications, 1);
      const single = await importFhir(db, { orgId: await newOrg(db, 'Single file pharmacy'), path: path.join(dir, 'b.json') });
      assert.deepEqual(single.counts.patients, { inserted: 1, existing: 0 });
    });

    test('one bad file stops the import before anything is written', async () => {
      const dir = writeDir('bad', {
        'good.json': bundle(patient('pg'), metformin('m1')),
        'bad.json': bundle(patient('pb'), { resourceType: 'Observation', id: 'k', status: 'final', code: { text: 'Potassium' }, effectiveDateTime: '2024-01-01', valueQuantity: { value: 6.1 } }),
      });
      const orgId = await newOrg(db, 'Bad bundle pharmacy');
      await assert.rejects(importFhir(db, { orgId, path: dir }), (err: unknown) => {
        assert.ok(err instanceof FhirInputError, 'the error is a FhirInputError');
        assert.equal(err.pointer, '/bad.json/entry/1/resource/code');
        assert.match(err.message, /^bad\.json: entry\[1\]\.resource\.code \(Observation\/k\): has a numeric value but no LOINC coding/);
        return true;
      });
      assert.ok(Object.values(await countPopulationRows(db, orgId)).every((n) => n === 0), 'nothing was written for the organisation');
    });

    test('broken JSON, a broken NDJSON line and a missing path are reported by name', async () => {
      const orgId = await newOrg(db, 'Broken pharmacy');
      await assert.rejects(importFhir(db, { orgId, path: writeDir('broken-json', { 'x.json': '{"resourceType": "Bundle",' }) }), (err: unknown) => err instanceof ValidationError && /^x\.json: not valid JSON/.test(err.message));
      const ndjson = writeDir('broken-ndjson', { 'Patient.000.ndjson': `${JSON.stringify(patient('p1'))}\n{oops}\n` });
      await assert.rejects(importFhir(db, { orgId, path: ndjson }), /Patient\.000\.ndjson line 2 \(resource\): not valid JSON/);
      await assert.rejects(importFhir(db, { orgId, path: path.join(tmp, 'nowhere') }), /nowhere does not exist/);
      await assert.rejects(importFhir(db, { orgId, path: writeDir('empty', { 'readme.md': '#' }) }), /has no \.ndjson or \.json files/);
      assert.equal((await countPopulationRows(db, orgId))['patients'], 0);
    });
  });
}
