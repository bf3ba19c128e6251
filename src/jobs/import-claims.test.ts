// Claims import into the record: the CMS PDE sample and the documented CSV layout, idempotent, all-or-nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, testDbKinds } from '../../test/helpers/db.ts';
import { ValidationError } from '../domain/errors.ts';
import { pdeDate } from '../interop/claim-rows.ts';
import type { Db } from '../store/db.ts';
import { importClaims } from './import-claims.ts';

const PDE = path.resolve(import.meta.dirname, '../../../shared/data/cms-pde-sample/pde.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-claims-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('reads PDE service dates (dd-Mon-yyyy)', () => {
  assert.equal(pdeDate('01-Mar-2015'), '2015-03-01');
  assert.equal(pdeDate('29-Feb-2016'), '2016-02-29');
  assert.equal(pdeDate('29-Feb-2015'), undefined);
  assert.equal(pdeDate('2015-03-01'), undefined);
});

for (const kind of testDbKinds()) {
  describe(`claims import (${kind})`, () => {
    let db: Db & { drop(): Promise<void> };
    let orgId: string;
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fills'))[0]!.n;
    before(async () => {
      db = await createTestDb(kind);
      orgId = (await db.query<{ id: string }>(`INSERT INTO organizations (name, kind) VALUES ('Plan', 'plan') RETURNING id`))[0]!.id;
      for (const [member, name] of [['-1000014', 'Ada'], ['-1000018', 'Ben'], ['MBR1', 'Cy']]) {
        const p = (await db.query<{ id: string }>(`INSERT INTO patients (org_id, first_name, last_name, birth_date, sex) VALUES ($1, $2, 'Test', '1950-01-01', 'female') RETURNING id`, [orgId, name]))[0]!.id;
        await db.query(`INSERT INTO coverages (org_id, patient_id, kind, payer_name, member_id, start_date) VALUES ($1, $2, 'medicare_part_d', 'Plan', $3, '2015-01-01')`, [orgId, p, member]);
      }
    });
    after(() => db.drop());

    it('imports the CMS PDE sample, and a second import adds nothing', async () => {
      const r = await importClaims(db, { orgId, file: PDE });
      assert.deepEqual(r, { format: 'pde', rows: 18, inserted: 18, existing: 0, reversed: 0 });
      const again = await importClaims(db, { orgId, file: PDE });
      assert.equal(again.inserted, 0);
      assert.equal(await count(), 18);
      const one = await db.query<{ fill_date: string; ndc: string; days_supply: number }>(`SELECT fill_date, ndc, days_supply FROM fills WHERE external_id = '-100000806'`);
      assert.deepEqual(one[0], { fill_date: '2015-03-01', ndc: '50090443201', days_supply: 90 });
    });

    it('fills in the RxNorm code from a crosswalk when a claim has only an NDC', async () => {
      const file = path.join(tmp, 'ndc-only.csv');
      fs.writeFileSync(file, 'member_id,fill_date,rxcui,ndc,days_supply,quantity,claim_id\nMBR1,2025-07-01,,00002751001,30,30,XW-1\n');
      const r = await importClaims(db, { orgId, file, crosswalk: new Map([['00002751001', '617311']]) });
      assert.equal(r.inserted, 1);
      const row = await db.query<{ rxcui: string; ndc: string; drug_name: string }>(`SELECT rxcui, ndc, drug_name FROM fills WHERE external_id = 'XW-1'`);
      assert.deepEqual(row[0], { rxcui: '617311', ndc: '00002751001', drug_name: 'atorvastatin' });
    });

    it('imports the documented CSV layout, deduplicating identical claims without ids', async () => {
      const file = path.join(tmp, 'claims.csv');
      fs.writeFileSync(file, 'member_id,fill_date,rxcui,ndc,days_supply,quantity\nMBR1,2025-01-02,861007,,90,180\nMBR1,2025-01-02,861007,,90,180\nMBR1,2025-04-01,861007,,90,180\n');
      const r = await importClaims(db, { orgId, file });
      assert.deepEqual([r.format, r.rows, r.inserted], ['csv', 3, 2]);
      assert.equal((await importClaims(db, { orgId, file })).inserted, 0);
    });

    it('imports FHIR MedicationDispense and C4BB pharmacy EOB NDJSON', async () => {
      const file = path.join(tmp, 'claims.ndjson');
      const dispense = {
        resourceType: 'MedicationDispense', id: 'md-1', status: 'completed', subject: { reference: 'Patient/MBR1' },
        medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617311' }] },
        quantity: { value: 30 }, daysSupply: { value: 30 }, whenHandedOver: '2025-05-01T10:00:00Z',
      };
      const eob = {
        resourceType: 'ExplanationOfBenefit', id: 'eob-1', status: 'active', patient: { reference: 'Patient/MBR1' },
        supportingInfo: [{ category: { coding: [{ system: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType', code: 'dayssupply' }] }, valueQuantity: { value: 90 } }],
        item: [{ productOrService: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '50090443201' }] }, servicedDate: '2025-06-01', quantity: { value: 90 } }],
      };
      fs.writeFileSync(file, `${JSON.stringify(dispense)}\n${JSON.stringify(eob)}\n`);
      const r = await importClaims(db, { orgId, file });
      assert.deepEqual([r.format, r.rows, r.inserted], ['fhir', 2, 2]);
      const rows = await db.query<{ external_id: string; days_supply: number; rxcui: string | null; ndc: string | null }>(
        `SELECT external_id, days_supply, rxcui, ndc FROM fills WHERE external_id IN ('md-1', 'eob-1') ORDER BY external_id`,
      );
      assert.deepEqual(rows, [
        { external_id: 'eob-1', days_supply: 90, rxcui: null, ndc: '50090443201' },
        { external_id: 'md-1', days_supply: 30, rxcui: '617311', ndc: null },
      ]);
      const bad = path.join(tmp, 'bad.ndjson');
      fs.writeFileSync(bad, `${JSON.stringify({ ...dispense, id: 'md-2', daysSupply: undefined })}\n{"resourceType": "Patient", "id": "x"}\n`);
      await assert.rejects(importClaims(db, { orgId, file: bad }), (err: unknown) => {
        assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
        assert.equal(err.issues.length, 2);
        assert.match(err.issues[0]!.message, /^bad\.ndjson line 1, \/daysSupply: /);
        assert.match(err.issues[1]!.message, /^bad\.ndjson line 2, \/resourceType: expected MedicationDispense or ExplanationOfBenefit/);
        return true;
      });
    });

    it('rejects a bad row or an unknown member with file, line and column, writing nothing', async () => {
      const before = await count();
      const file = path.join(tmp, 'bad.csv');
      fs.writeFileSync(file, 'member_id,fill_date,rxcui,ndc,days_supply,quantity\nMBR1,2025-06-01,861007,,30,60\nMBR1,2025-13-01,861007,,30,60\nNOBODY,2025-06-01,861007,,30,60\n');
      await assert.rejects(importClaims(db, { orgId, file }), (err: unknown) => {
        assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
        assert.deepEqual(err.issues.map((i) => i.message), [
          'bad.csv line 3, fill_date: expected a real date as YYYY-MM-DD, got "2025-13-01"',
          'bad.csv line 4, member_id: no patient with member id NOBODY in this organisation',
        ]);
        return true;
      });
      assert.equal(await count(), before);
      const noHeader = path.join(tmp, 'noheader.csv');
      fs.writeFileSync(noHeader, 'MBR1,2025-06-01,861007,,30,60\n');
      await assert.rejects(importClaims(db, { orgId, file: noHeader }), /noheader.csv line 1: header is missing columns/);
    });
  });
}
