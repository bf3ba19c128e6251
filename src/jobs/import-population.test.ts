import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDb, testDbKinds } from '../../test/helpers/db.ts';
import { luhnCheckDigit } from '../domain/codes.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Db } from '../store/db.ts';
import { countPopulationRows } from '../store/population.repository.ts';
import { generatePopulation, generatePrescribers } from '../synthetic/index.ts';
import { writePopulation, type PopulationManifest } from './generate-population.ts';
import { importPopulation, importRecords } from './import-population.ts';

const AS_OF = '2026-01-15';
const PATIENTS = 60;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-import-'));
const goodDir = path.join(tmp, 'good');
let manifest: PopulationManifest;

async function newOrg(db: Db, name: string): Promise<string> {
  const rows = await db.query<{ id: string }>("INSERT INTO organizations (name, kind) VALUES ($1, 'pharmacy') RETURNING id", [name]);
  return rows[0]!.id;
}

/** Copies the good directory, rewriting one patient line with `edit`; returns the dir and the 1-based line number. */
function corruptCopy(name: string, pick: (p: Record<string, unknown[]>) => boolean, edit: (p: Record<string, unknown[]>) => void): { dir: string; line: number } {
  const dir = path.join(tmp, name);
  fs.cpSync(goodDir, dir, { recursive: true });
  const lines = fs.readFileSync(path.join(dir, 'patients.ndjson'), 'utf8').split('\n');
  const index = lines.findIndex((l, i) => i > 5 && l !== '' && pick(JSON.parse(l)));
  assert.ok(index >= 0, 'no patient line fits the corruption');
  const record = JSON.parse(lines[index]!);
  edit(record);
  lines[index] = JSON.stringify(record);
  fs.writeFileSync(path.join(dir, 'patients.ndjson'), lines.join('\n'));
  return { dir, line: index + 1 };
}

/** A valid NPI that is not in the population's prescriber list. */
function strangerNpi(): string {
  const body = '199999999';
  return body + String(luhnCheckDigit('80840' + body));
}

const tableOf = {
  prescribers: 'prescribers', patients: 'patients', coverages: 'coverages', consents: 'consents', careTeam: 'care_team_members',
  medications: 'medications', conditions: 'conditions', allergies: 'allergies', observations: 'observations',
  encounters: 'encounters', immunizations: 'immunizations', fills: 'fills',
} as const;

before(async () => {
  manifest = await writePopulation({ out: goodDir, patients: PATIENTS, seed: 11, asOf: AS_OF, prescribers: generatePrescribers(11, 40) });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('population files', () => {
  test('the manifest and CSVs describe the patients file', () => {
    assert.equal(manifest.count, PATIENTS);
    assert.equal(manifest.files['patients.ndjson']!.records, PATIENTS);
    const patients = fs.readFileSync(path.join(goodDir, 'patients.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const paid = patients.reduce((n, p) => n + p.fills.filter((f: { claimStatus: string }) => f.claimStatus === 'paid').length, 0);
    const claims = fs.readFileSync(path.join(goodDir, 'claims.csv'), 'utf8').trim().split('\n');
    assert.equal(claims[0], 'member_id,fill_date,rxcui,ndc,days_supply,quantity,total_cost');
    assert.equal(claims.length - 1, paid);
    assert.equal(manifest.files['claims.csv']!.records, paid);
    const members = fs.readFileSync(path.join(goodDir, 'members.csv'), 'utf8').trim().split('\n');
    assert.equal(members[0], 'member_id,birth_date,enroll_start,enroll_end,death_date,hospice,esrd,dmp_at_risk');
    assert.equal(members.length - 1, PATIENTS);
    const inpatient = fs.readFileSync(path.join(goodDir, 'inpatient.csv'), 'utf8').trim().split('\n');
    assert.equal(inpatient[0], 'member_id,admit_date,discharge_date');
    const conditions = fs.readFileSync(path.join(goodDir, 'conditions.csv'), 'utf8').trim().split('\n');
    assert.equal(conditions[0], 'member_id,code,system,onset_date');
    const active = patients.reduce((n, p) => n + p.conditions.filter((c: { clinicalStatus: string }) => c.clinicalStatus === 'active').length, 0);
    assert.equal(conditions.length - 1, active);
  });

  test('the same seed writes byte-identical files', async () => {
    const again = path.join(tmp, 'again');
    await writePopulation({ out: again, patients: PATIENTS, seed: 11, asOf: AS_OF, prescribers: generatePrescribers(11, 40) });
    for (const f of ['patients.ndjson', 'prescribers.ndjson', 'claims.csv', 'manifest.json'])
      assert.ok(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(goodDir, f))), f);
  });
});

for (const kind of testDbKinds()) {
  describe(`population import (${kind})`, () => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    before(async () => {
      db = await createTestDb(kind);
    });
    after(async () => {
      await db.drop();
    });

    test('imports a generated directory; row counts match the manifest; re-import adds nothing', async () => {
      const orgId = await newOrg(db, 'Import test pharmacy');
      const counts = await importPopulation(db, { orgId, dir: goodDir, chunkSize: 25 });
      assert.deepEqual(counts.patients, { inserted: PATIENTS, existing: 0 });
      assert.deepEqual(counts.prescribers, { inserted: 40, existing: 0 });
      const rows = await countPopulationRows(db, orgId);
      for (const [key, table] of Object.entries(tableOf)) assert.equal(rows[table], manifest.records[key as keyof typeof tableOf], table);
      assert.equal(counts.fills, manifest.records.fills);
      assert.equal(counts.childRowsSkipped, 0);

      const again = await importPopulation(db, { orgId, dir: goodDir });
      assert.deepEqual(again.patients, { inserted: 0, existing: PATIENTS });
      assert.deepEqual(again.prescribers, { inserted: 0, existing: 40 });
      assert.equal(again.fills + again.medications + again.observations + again.coverages + again.careTeam, 0);
      assert.deepEqual(await countPopulationRows(db, orgId), rows);
    });

    test('a bad date is rejected with file, line and field, and nothing is written', async () => {
      const { dir, line } = corruptCopy('bad-date', (p) => p['medications']!.length >= 3, (p) => {
        (p['medications']![2] as Record<string, unknown>)['startDate'] = '2025-02-30';
      });
      const orgId = await newOrg(db, 'Bad date pharmacy');
      await assert.rejects(importPopulation(db, { orgId, dir }), (err: unknown) => {
        assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
        assert.match(err.message, new RegExp(`patients\\.ndjson line ${line}: /medications/2/startDate: expected a real date as YYYY-MM-DD`));
        assert.deepEqual(err.issues[0], { pointer: `/patients.ndjson/${line}/medications/2/startDate`, message: `patients.ndjson line ${line}: /medications/2/startDate: expected a real date as YYYY-MM-DD` });
        return true;
      });
      const rows = await countPopulationRows(db, orgId);
      assert.ok(Object.values(rows).every((n) => n === 0), JSON.stringify(rows));
    });

    test('a child id used twice in one record is rejected, since it keys idempotent re-imports', async () => {
      const { dir, line } = corruptCopy('dup-fill', (p) => p['fills']!.length >= 2, (p) => {
        const fills = p['fills'] as Record<string, unknown>[];
        fills[1]!['externalId'] = fills[0]!['externalId'];
      });
      const orgId = await newOrg(db, 'Duplicate id pharmacy');
      await assert.rejects(importPopulation(db, { orgId, dir }), (err: unknown) => {
        assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
        assert.match(err.message, new RegExp(`patients\\.ndjson line ${line}: /fills/1/externalId: duplicate externalId`));
        return true;
      });
      assert.equal((await countPopulationRows(db, orgId))['fills'], 0);
    });

    test('an unknown prescriber NPI and broken JSON are rejected', async () => {
      const { dir, line } = corruptCopy('unknown-npi', () => true, (p) => {
        (p['careTeam']![0] as Record<string, unknown>)['prescriberNpi'] = strangerNpi();
      });
      fs.appendFileSync(path.join(dir, 'patients.ndjson'), '\n{"externalId": "P9"');
      const orgId = await newOrg(db, 'Unknown NPI pharmacy');
      await assert.rejects(importPopulation(db, { orgId, dir }), (err: unknown) => {
        assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
        assert.match(err.message, new RegExp(`patients\\.ndjson line ${line}: /careTeam/0/prescriberNpi: unknown prescriber NPI`));
        assert.match(err.message, /not valid JSON/);
        return true;
      });
      assert.equal((await countPopulationRows(db, orgId))['patients'], 0);
    });

    test('a truncated copy is caught by the manifest', async () => {
      const dir = path.join(tmp, 'truncated');
      fs.cpSync(goodDir, dir, { recursive: true });
      const lines = fs.readFileSync(path.join(dir, 'patients.ndjson'), 'utf8').trim().split('\n');
      fs.writeFileSync(path.join(dir, 'patients.ndjson'), lines.slice(0, 10).join('\n') + '\n');
      const orgId = await newOrg(db, 'Truncated pharmacy');
      await assert.rejects(importPopulation(db, { orgId, dir }), /patients\.ndjson: \/: has 10 records but manifest\.json says 60/);
    });

    test('importRecords imports in-memory records through the same path, idempotently', async () => {
      const orgId = await newOrg(db, 'Demo seed pharmacy');
      const prescribers = generatePrescribers(5, 12);
      const first = await importRecords(db, orgId, prescribers, generatePopulation(5, 15, AS_OF, { prescribers }));
      assert.deepEqual(first.patients, { inserted: 15, existing: 0 });
      assert.ok(first.fills > 0 && first.medications > 0, 'the first import wrote fills and medications');
      const second = await importRecords(db, orgId, prescribers, [...generatePopulation(5, 15, AS_OF, { prescribers })]);
      assert.deepEqual(second.patients, { inserted: 0, existing: 15 });
      // Without the prescribers the references are unknown, so nothing is written.
      const otherOrg = await newOrg(db, 'No prescribers');
      await assert.rejects(importRecords(db, otherOrg, [], [...generatePopulation(5, 3, AS_OF, { prescribers })]), /patients\[0\]: \/careTeam\/0\/prescriberNpi: unknown prescriber NPI/);
      assert.equal((await countPopulationRows(db, otherOrg))['patients'], 0);
    });
  });
}
