// Population measure runs through the API: a manager starts a run, workers finish it, plan rates carry stars from
// the organisation's cut points, the rescue list names the member one refill from 80%, and the CSV export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workOnMeasureRuns } from '../../src/jobs/measure-run.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

const CUTS = {
  source: 'Test cut points (not CMS)',
  year: 2026,
  measures: { 'PDC-RASA': { thresholds: { '2': 0.2, '3': 0.4, '4': 0.6, '5': 0.9 } } },
};

for (const kind of testDbKinds()) {
  describe(`population runs API (${kind})`, () => {
    let api: TestApi;
    let manager: string;
    let pharmacist: string;
    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      manager = await api.login('a-manager');
      pharmacist = await api.login('a-pharmacist');
      // Rosa: lisinopril filled 01-05 and 04-01 (90 days each): covered to 07-03, so 80% needs a refill by 09-14.
      for (const [date, id] of [['2026-01-05', 'F1'], ['2026-04-01', 'F2']] as const) {
        await api.ctx.db.query(
          `INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity, external_id) VALUES ($1, $2, '314076', 'lisinopril 10 MG Oral Tablet', $3, 90, 90, $4)`,
          [api.fx.orgA, api.fx.rosa, date, id],
        );
      }
      // Walter: two 180-day fills cover the whole year: adherent.
      for (const [date, id] of [['2026-01-05', 'W1'], ['2026-06-01', 'W2']] as const) {
        await api.ctx.db.query(
          `INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity, external_id) VALUES ($1, $2, '314076', 'lisinopril 10 MG Oral Tablet', $3, 180, 180, $4)`,
          [api.fx.orgA, api.fx.walter, date, id],
        );
      }
    });
    after(() => api.close());

    it('lets a manager start a run that workers complete, with rates, stars and the rescue list', async () => {
      const cut = await api.req('PUT', '/api/star-cut-points', { cookie: manager, body: CUTS });
      assert.equal(cut.statusCode, 200, cut.body);
      const started = await api.req('POST', '/api/measure-runs', { cookie: manager, body: { year: 2026 } });
      assert.equal(started.statusCode, 202, started.body);
      const run = started.json();
      assert.deepEqual([run.status, run.asOf, run.membersTotal, run.shardsDone], ['running', '2026-06-15', 2, 0]);
      assert.equal(await workOnMeasureRuns(api.ctx.db, api.clock, { runId: run.id }), 1);

      const done = (await api.req('GET', `/api/measure-runs/${run.id}`, { cookie: pharmacist })).json();
      assert.equal(done.status, 'done');
      assert.equal(done.membersDone, 2);
      const rasa = done.measures.find((m: { measure: string }) => m.measure === 'PDC-RASA');
      // Walter adherent, Rosa not (180 of 361 days so far): a plan rate of 50% → 3 stars on these test cut points.
      assert.deepEqual([rasa.denominator, rasa.numerator, rasa.rate, rasa.stars], [2, 1, 0.5, 3]);
      assert.deepEqual(done.cutPoints, { source: CUTS.source, year: 2026 });

      const rescue = (await api.req('GET', `/api/measure-runs/${run.id}/rescue`, { cookie: pharmacist })).json();
      assert.equal(rescue.total, 1);
      assert.deepEqual([rescue.items[0].patientId, rescue.items[0].measure, rescue.items[0].refillBy], [api.fx.rosa, 'PDC-RASA', '2026-09-14']);
      const audited = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'population.rescue' AND detail->'shown' ? $1`, [api.fx.rosa]);
      assert.equal(audited[0]!.n, 1);

      const csv = await api.req('GET', `/api/measure-runs/${run.id}/results.csv`, { cookie: manager });
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      const lines = csv.body.trim().split('\n');
      assert.equal(lines[0], 'patient_id,member_id,measure,in_denominator,reason,pdc,numerator,refill_by');
      assert.equal(lines.length, 1 + 2 * 6);
      assert.ok(lines.some((l) => l.startsWith(`${api.fx.rosa},`) && l.includes(',PDC-RASA,1,in-denominator,0.498615,0,2026-09-14')), csv.body);

      const list = (await api.req('GET', '/api/measure-runs', { cookie: manager })).json();
      assert.equal(list.total, 1);
    });

    it('refuses bad input, other roles and other organisations', async () => {
      const future = await api.req('POST', '/api/measure-runs', { cookie: manager, body: { year: 2027 } });
      assert.equal(future.statusCode, 422);
      assert.equal(future.json().errors[0].pointer, '/year');
      const badDate = await api.req('POST', '/api/measure-runs', { cookie: manager, body: { year: 2026, asOf: '2026-02-30' } });
      assert.equal(badDate.statusCode, 422);
      const badCuts = await api.req('PUT', '/api/star-cut-points', { cookie: manager, body: { ...CUTS, measures: { 'PDC-RASA': { thresholds: { '2': 0.9, '3': 0.4, '4': 0.6, '5': 0.95 } } } } });
      assert.equal(badCuts.statusCode, 422);
      assert.equal(badCuts.json().errors[0].pointer, '/measures/PDC-RASA/thresholds');
      assert.equal((await api.req('POST', '/api/measure-runs', { cookie: pharmacist, body: { year: 2026 } })).statusCode, 403);
      const tech = await api.login('a-technician');
      assert.equal((await api.req('GET', '/api/measure-runs', { cookie: tech })).statusCode, 403);
      const runs = (await api.req('GET', '/api/measure-runs', { cookie: manager })).json();
      const other = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/measure-runs/${runs.items[0].id}`, { cookie: other })).statusCode, 404);
      const rows = await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM measure_runs');
      assert.equal(rows[0]!.n, 1, 'nothing was started by the refused requests');
    });
  });
}
