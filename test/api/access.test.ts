// Roles and organisation isolation, tested through the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

const newMed = { display: 'atorvastatin 40 MG Oral Tablet', rxcui: '617310', source: 'prescription', sig: 'Take 1 tablet at bedtime', startDate: '2026-06-01' };

for (const kind of testDbKinds()) {
  describe(`roles and organisation isolation (${kind})`, () => {
    let api: TestApi;
    let medCount: () => Promise<number>;
    before(async () => {
      api = await createTestApi(kind);
      medCount = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM medications'))[0]!.n;
    });
    after(() => api.close());

    it('lets a pharmacist sign the medication list but not a technician', async () => {
      const tech = await api.login('a-technician');
      const refused = await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie: tech, body: { note: 'reviewed' } });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().detail, /Only a pharmacist may sign/);
      const signatures = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM medication_list_signatures'))[0]!.n;
      assert.equal(await signatures(), 0);
      const pharm = await api.login('a-pharmacist');
      const ok = await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie: pharm, body: { note: 'reviewed with patient' } });
      assert.equal(ok.statusCode, 201);
      const chart = (await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: pharm })).json();
      assert.equal(chart.signatures.length, 1);
      assert.equal(chart.signatures[0].activeMedicationCount, 1);
    });

    it('lets a technician record a medication history but not conditions or labs', async () => {
      const tech = await api.login('a-technician');
      const before = await medCount();
      assert.equal((await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie: tech, body: newMed })).statusCode, 201);
      assert.equal(await medCount(), before + 1);
      const cond = await api.req('POST', `/api/patients/${api.fx.rosa}/conditions`, {
        cookie: tech,
        body: { codeSystem: 'icd10cm', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
      });
      assert.equal(cond.statusCode, 403);
    });

    it('keeps managers, auditors and admins from changing the record; auditors and admins from reading it', async () => {
      for (const role of ['manager', 'auditor', 'admin'] as const) {
        const cookie = await api.login(api.fx.users[role]);
        const before = await medCount();
        const res = await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie, body: newMed });
        assert.equal(res.statusCode, 403, role);
        assert.equal(await medCount(), before);
      }
      for (const role of ['auditor', 'admin'] as const) {
        const cookie = await api.login(api.fx.users[role]);
        assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie })).statusCode, 403, role);
        assert.equal((await api.req('GET', '/api/patients', { cookie })).statusCode, 403, role);
      }
      const manager = await api.login('a-manager');
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: manager })).statusCode, 200);
    });

    it('shows a prescriber only the patients on their care team', async () => {
      const cookie = await api.login('a-prescriber');
      const list = (await api.req('GET', '/api/patients', { cookie })).json();
      assert.deepEqual(list.items.map((p: { id: string }) => p.id), [api.fx.rosa]);
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie })).statusCode, 200);
      assert.equal((await api.req('GET', `/api/patients/${api.fx.walter}`, { cookie })).statusCode, 404);
    });

    it("never shows or changes another organisation's patient, by any URL or id", async () => {
      const b = await api.login('b-pharmacist');
      const search = (await api.req('GET', '/api/patients?q=alvarez', { cookie: b })).json();
      assert.equal(search.total, 0);
      const byMember = (await api.req('GET', '/api/patients?q=MBR100001', { cookie: b })).json();
      assert.equal(byMember.total, 0);
      const all = (await api.req('GET', '/api/patients?limit=200', { cookie: b })).json();
      assert.deepEqual(all.items.map((p: { id: string }) => p.id), [api.fx.olga]);

      const before = await medCount();
      const attempts = [
        await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: b }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie: b, body: newMed }),
        await api.req('PATCH', `/api/patients/${api.fx.rosa}/medications/${api.fx.rosaLisinopril}`, { cookie: b, body: { sig: 'changed' } }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/medications/${api.fx.rosaLisinopril}/stop`, { cookie: b, body: { stopDate: '2026-06-01', stopReason: 'x' } }),
        // Own patient in the URL, other organisation's medication id.
        await api.req('PATCH', `/api/patients/${api.fx.olga}/medications/${api.fx.rosaLisinopril}`, { cookie: b, body: { sig: 'changed' } }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/conditions`, { cookie: b, body: { codeSystem: 'icd10cm', code: 'I10', display: 'Essential hypertension' } }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/allergies`, { cookie: b, body: { substance: 'penicillin' } }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/observations`, { cookie: b, body: { loinc: '4548-4', display: 'Hemoglobin A1c', valueNum: 7.1, unit: '%', effectiveDate: '2026-06-01' } }),
        await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie: b, body: {} }),
      ];
      for (const res of attempts) assert.equal(res.statusCode, 404, `${res.statusCode} ${res.body}`);
      assert.equal(await medCount(), before);
      const lis = await api.ctx.db.query<{ sig: string; stop_date: string | null }>('SELECT sig, stop_date FROM medications WHERE id = $1', [api.fx.rosaLisinopril]);
      assert.equal(lis[0]!.sig, 'Take 1 tablet by mouth daily');
      assert.equal(lis[0]!.stop_date, null);

      // A prescriber id from another organisation cannot be attached either.
      const a = await api.login('a-pharmacist');
      const foreignPrescriber = await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie: a, body: { ...newMed, prescriberId: api.fx.prescriberB } });
      assert.equal(foreignPrescriber.statusCode, 422);
      assert.equal(foreignPrescriber.json().errors[0].pointer, '/prescriberId');
    });

    it('lists only its own prescribers', async () => {
      const b = await api.login('b-pharmacist');
      const res = (await api.req('GET', '/api/prescribers', { cookie: b })).json();
      assert.deepEqual(res.items.map((p: { npi: string }) => p.npi), ['1245319599']);
    });
  });
}
