// A patient's measures through the API: computed from the fills in the record, scoped and audited like the chart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureClassifier } from '../../src/jobs/product-classifier.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

for (const kind of testDbKinds()) {
  describe(`patient measures API (${kind})`, () => {
    let api: TestApi;
    let cookie: string;
    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      cookie = await api.login('a-pharmacist');
      // Rosa: lisinopril (RXCUI 314076) 90-day fills in 2026 with a late third fill.
      for (const [date, id] of [['2026-01-05', 'F1'], ['2026-04-01', 'F2']] as const) {
        await api.ctx.db.query(
          `INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity, external_id) VALUES ($1, $2, '314076', 'lisinopril 10 MG Oral Tablet', $3, 90, 90, $4)`,
          [api.fx.orgA, api.fx.rosa, date, id],
        );
      }
    });
    after(() => api.close());

    it('computes PDC-RASA so far, with the shifted fill layout and the last day to refill', async () => {
      const res = await api.req('GET', `/api/patients/${api.fx.rosa}/measures?year=2026`, { cookie });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.year, 2026);
      assert.match(body.label, /PQA-aligned/);
      const rasa = body.measures.find((m: { measure: string }) => m.measure === 'PDC-RASA');
      assert.equal(rasa.inDenominator, true);
      assert.equal(rasa.periodStart, '2026-01-05');
      assert.deepEqual(rasa.fills.map((f: { coveredFrom: string; coveredTo: string }) => `${f.coveredFrom}..${f.coveredTo}`), ['2026-01-05..2026-04-04', '2026-04-05..2026-07-03']);
      // 180 days covered of 361 (01-05..12-31). 80% = 289 days: 109 more, so refill by 12-31 minus 108 days.
      assert.equal(rasa.coveredDays, 180);
      assert.deepEqual(rasa.refill, { status: 'refill-by', lastDate: '2026-09-14' });
      const sta = body.measures.find((m: { measure: string }) => m.measure === 'PDC-STA');
      assert.deepEqual([sta.inDenominator, sta.reason], [false, 'too-few-fills']);
    });

    it('uses a licensed value-set file when one is configured, and says so', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-valuesets-'));
      const file = path.join(dir, 'licensed.json');
      // A licensed RAS-antagonist list without lisinopril 10 mg: Rosa's fills no longer count for PDC-RASA.
      fs.writeFileSync(file, JSON.stringify({ source: 'Test licence', version: '2026.1', classes: { rasa: { rxcui: ['314077'] } } }));
      api.ctx.measureClassifier = measureClassifier({ valueSets: file });
      try {
        const body = (await api.req('GET', `/api/patients/${api.fx.rosa}/measures?year=2026`, { cookie })).json();
        assert.equal(body.label, 'licensed value sets: Test licence 2026.1');
        const rasa = body.measures.find((m: { measure: string }) => m.measure === 'PDC-RASA');
        assert.deepEqual([rasa.inDenominator, rasa.reason], [false, 'too-few-fills']);
      } finally {
        delete api.ctx.measureClassifier;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses other organisations, bad years, and is audited', async () => {
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}/measures`, { cookie: b })).statusCode, 404);
      const future = await api.req('GET', `/api/patients/${api.fx.rosa}/measures?year=2030`, { cookie });
      assert.equal(future.statusCode, 422);
      assert.equal(future.json().errors[0].pointer, '/year');
      const rows = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'patient.measures' AND patient_id = $1 AND outcome = 'success'`, [api.fx.rosa]);
      assert.equal(rows[0]!.n, 2, 'one audit row for each successful read above (shipped lists, then licensed lists)');
    });
  });
}
