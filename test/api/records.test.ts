// Patient search, chart, and changes to the record with validation that changes nothing on bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

for (const kind of testDbKinds()) {
  describe(`patient record API (${kind})`, () => {
    let api: TestApi;
    let cookie: string;
    const counts = async () =>
      (
        await api.ctx.db.query<Record<string, number>>(
          `SELECT (SELECT count(*)::int FROM medications) AS meds, (SELECT count(*)::int FROM conditions) AS conds,
                  (SELECT count(*)::int FROM allergies) AS allergies, (SELECT count(*)::int FROM observations) AS obs`,
        )
      )[0]!;
    before(async () => {
      api = await createTestApi(kind);
      cookie = await api.login('a-pharmacist');
    });
    after(() => api.close());

    it('finds patients by name, "last, first", date of birth in two formats and member id, paged', async () => {
      const find = async (qs: string) => (await api.req('GET', `/api/patients?${qs}`, { cookie })).json();
      assert.equal((await find('q=alvarez')).items[0].firstName, 'Rosa');
      assert.equal((await find('q=Alvarez%2C%20Ro')).total, 1);
      assert.equal((await find('q=1948-03-02')).items[0].lastName, 'Alvarez');
      assert.equal((await find('q=03%2F02%2F1948')).items[0].lastName, 'Alvarez');
      assert.equal((await find('q=mbr100002')).items[0].lastName, 'Brennan');
      assert.equal((await find('q=nobody')).total, 0);
      const page1 = await find('limit=1&offset=0');
      const page2 = await find('limit=1&offset=1');
      assert.equal(page1.total, 2);
      assert.equal(page1.items.length, 1);
      assert.notEqual(page1.items[0].id, page2.items[0].id);
      assert.deepEqual(page1.items[0].memberIds, ['MBR100001']);
      assert.equal(page1.items[0].activeMedicationCount, 1);
    });

    it('rejects bad paging parameters with a pointer', async () => {
      const res = await api.req('GET', '/api/patients?limit=5000', { cookie });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().errors[0].in, 'querystring');
    });

    it('adds, edits and stops a medication and shows it in the chart as active then past', async () => {
      const add = await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, {
        cookie,
        body: { display: 'metformin 500 MG Oral Tablet', rxcui: '861007', source: 'prescription', sig: 'Take 1 tablet twice daily', indication: 'type 2 diabetes', prescriberId: api.fx.prescriberA, startDate: '2026-05-01' },
      });
      assert.equal(add.statusCode, 201, add.body);
      const id = add.json().id;
      let chart = (await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie })).json();
      let med = chart.medications.find((m: { id: string }) => m.id === id);
      assert.equal(med.status, 'active');
      assert.equal(med.prescriber.name, 'Helen Cho, MD');
      assert.equal(med.source, 'prescription');

      const edit = await api.req('PATCH', `/api/patients/${api.fx.rosa}/medications/${id}`, { cookie, body: { sig: 'Take 1 tablet with breakfast and dinner' } });
      assert.equal(edit.statusCode, 200, edit.body);
      const stop = await api.req('POST', `/api/patients/${api.fx.rosa}/medications/${id}/stop`, { cookie, body: { stopDate: '2026-06-10', stopReason: 'GI intolerance' } });
      assert.equal(stop.statusCode, 200, stop.body);
      chart = (await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie })).json();
      med = chart.medications.find((m: { id: string }) => m.id === id);
      assert.equal(med.sig, 'Take 1 tablet with breakfast and dinner');
      assert.equal(med.status, 'stopped');
      assert.equal(med.stopReason, 'GI intolerance');
      const again = await api.req('POST', `/api/patients/${api.fx.rosa}/medications/${id}/stop`, { cookie, body: { stopDate: '2026-06-11', stopReason: 'again' } });
      assert.equal(again.statusCode, 422);
    });

    it('adds a condition, an allergy and a lab, and returns the whole chart', async () => {
      const p = `/api/patients/${api.fx.rosa}`;
      assert.equal((await api.req('POST', `${p}/conditions`, { cookie, body: { codeSystem: 'icd10cm', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications', onsetDate: '2019-04-01' } })).statusCode, 201);
      assert.equal((await api.req('POST', `${p}/allergies`, { cookie, body: { substance: 'sulfamethoxazole', kind: 'allergy', reaction: 'rash', severity: 'moderate' } })).statusCode, 201);
      for (const [date, v] of [['2025-12-01', 8.1], ['2026-03-01', 7.6], ['2026-06-01', 7.2]] as const) {
        assert.equal((await api.req('POST', `${p}/observations`, { cookie, body: { loinc: '4548-4', display: 'Hemoglobin A1c', valueNum: v, unit: '%', effectiveDate: date } })).statusCode, 201);
      }
      const chart = (await api.req('GET', p, { cookie })).json();
      assert.equal(chart.patient.lastName, 'Alvarez');
      assert.equal(chart.coverages[0].contractId, 'H1234');
      assert.equal(chart.careTeam[0].prescriber.npi, '1234567893');
      assert.equal(chart.conditions[0].code, 'E11.9');
      assert.equal(chart.allergies[0].substance, 'sulfamethoxazole');
      assert.deepEqual(chart.observations.map((o: { valueNum: number }) => o.valueNum), [8.1, 7.6, 7.2]);
      for (const key of ['fills', 'encounters', 'immunizations', 'consents', 'signatures']) assert.ok(Array.isArray(chart[key]), key);
    });

    const bad: [string, string, unknown, string][] = [
      ['impossible date', 'medications', { display: 'aspirin 81 MG', source: 'otc', startDate: '2026-02-30' }, '/startDate'],
      ['future date', 'medications', { display: 'aspirin 81 MG', source: 'otc', startDate: '2027-01-01' }, '/startDate'],
      ['date before birth', 'medications', { display: 'aspirin 81 MG', source: 'otc', startDate: '1900-01-01' }, '/startDate'],
      ['lab dated before birth', 'observations', { loinc: '4548-4', display: 'A1c', valueNum: 7, effectiveDate: '1947-01-01' }, '/effectiveDate'],
      ['missing name', 'medications', { source: 'otc' }, '/display'],
      ['unknown source', 'medications', { display: 'x', source: 'black market' }, '/source'],
      ['malformed RxCUI', 'medications', { display: 'x', source: 'otc', rxcui: 'abc' }, '/rxcui'],
      ['unknown field', 'medications', { display: 'x', source: 'otc', dose: 5 }, '/'],
      ['ICD-10-CM code of the wrong shape', 'conditions', { codeSystem: 'icd10cm', code: 'DIABETES', display: 'diabetes' }, '/code'],
      ['LOINC with a wrong check digit', 'observations', { loinc: '4548-3', display: 'A1c', valueNum: 7, effectiveDate: '2026-01-01' }, '/loinc'],
      ['lab without a value', 'observations', { loinc: '4548-4', display: 'A1c', effectiveDate: '2026-01-01' }, '/valueNum'],
      ['allergy without substance', 'allergies', { reaction: 'hives' }, '/substance'],
      ['condition ending before it began', 'conditions', { codeSystem: 'icd10cm', code: 'I10', display: 'HTN', onsetDate: '2020-01-01', abatementDate: '2019-01-01' }, '/abatementDate'],
    ];
    for (const [name, path, body, pointer] of bad) {
      it(`rejects ${name} with a pointer to ${pointer} and changes nothing`, async () => {
        const before = await counts();
        const res = await api.req('POST', `/api/patients/${api.fx.rosa}/${path}`, { cookie, body });
        assert.equal(res.statusCode, 422, res.body);
        assert.match(String(res.headers['content-type']), /problem\+json/);
        const problem = res.json();
        assert.ok(
          problem.errors.some((e: { pointer: string }) => e.pointer === pointer),
          `expected pointer ${pointer} in ${JSON.stringify(problem.errors)}`,
        );
        assert.deepEqual(await counts(), before);
      });
    }

    it('rejects a stop date before the start date, malformed JSON and oversized bodies, changing nothing', async () => {
      const before = await counts();
      const stop = await api.req('POST', `/api/patients/${api.fx.rosa}/medications/${api.fx.rosaLisinopril}/stop`, { cookie, body: { stopDate: '2024-01-01', stopReason: 'x' } });
      assert.equal(stop.statusCode, 422);
      assert.equal(stop.json().errors[0].pointer, '/stopDate');
      const malformed = await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie, body: '{"display": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.statusCode, 400);
      assert.match(String(malformed.headers['content-type']), /problem\+json/);
      const huge = await api.req('POST', `/api/patients/${api.fx.rosa}/medications`, { cookie, body: { display: 'x', source: 'otc', sig: 'a'.repeat(400_000) } });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().title, 'Request body too large');
      const noRoute = await api.req('GET', '/api/no-such-thing', { cookie });
      assert.equal(noRoute.statusCode, 404);
      assert.equal(noRoute.json().title, 'Not found');
      const notUuid = await api.req('GET', '/api/patients/12345', { cookie });
      assert.equal(notUuid.statusCode, 422);
      assert.deepEqual(await counts(), before);
      const lis = await api.ctx.db.query<{ stop_date: string | null }>('SELECT stop_date FROM medications WHERE id = $1', [api.fx.rosaLisinopril]);
      assert.equal(lis[0]!.stop_date, null);
    });

    it('signs the medication list with or without a JSON body', async () => {
      const noBody = await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie });
      assert.equal(noBody.statusCode, 201, noBody.body);
      const withNote = await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie, body: { note: 'Reviewed by phone' } });
      assert.equal(withNote.statusCode, 201, withNote.body);
      const chart = (await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie })).json();
      assert.deepEqual(chart.signatures.map((s: { note: string | null }) => s.note).sort(), ['Reviewed by phone', null].sort());
    });

    it('serves health, OpenAPI JSON and docs', async () => {
      const health = await api.req('GET', '/health');
      assert.equal(health.statusCode, 200);
      assert.deepEqual({ ok: health.json().ok, database: health.json().database }, { ok: true, database: kind });
      const spec = (await api.req('GET', '/openapi.json')).json();
      assert.ok(spec.paths['/api/patients/{id}/medications'], 'the OpenAPI spec documents the medications path');
      assert.equal((await api.req('GET', '/docs/')).statusCode, 200);
    });
  });
}
