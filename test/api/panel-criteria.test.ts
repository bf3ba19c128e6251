// Panel programs with the DTP severity and annual cost criteria through the API, over the fixtures plus a few
// patients: a clinic panel on high-severity drug therapy problems (the screening engine on each chart as of the day:
// a warfarin–NSAID pair qualifies, moderate problems and an NSAID started after the day do not) and one on the drug
// cost of the last 365 days (paid fills only, the window's edges, a fill without a cost making it unknown); who
// qualifies and why in the member list and the CSV; bad criteria refused with a pointer and nothing created.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workOnTargetRuns } from '../../src/jobs/target-run.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

type Outcome = { criterion: string; status: string; detail: string };
type Member = { patientId: string; name: string; decision: string; outcomes: Outcome[]; annualCost: number | null; enrollment: string | null; notes: string[] };

for (const kind of testDbKinds()) {
  describe(`panel criteria: DTP severity and annual cost (${kind})`, () => {
    let api: TestApi;
    let cookie = '';
    const ids: Record<string, string> = {};
    const q = (sql: string, params: unknown[]) => api.ctx.db.query(sql, params);
    const addPatient = async (first: string, last: string) => {
      const id = (await api.ctx.db.query<{ id: string }>(
        `INSERT INTO patients (org_id, first_name, last_name, birth_date, sex, state) VALUES ($1, $2, $3, '1952-02-02', 'female', 'NY') RETURNING id`,
        [api.fx.orgA, first, last],
      ))[0]!.id;
      await q(`INSERT INTO coverages (org_id, patient_id, kind, payer_name, member_id, start_date) VALUES ($1, $2, 'commercial', 'Payer', $3, '2025-01-01')`, [api.fx.orgA, id, `M-${last.toUpperCase()}`]);
      return id;
    };
    const addMed = (patientId: string, rxcui: string, display: string, start: string) =>
      q(`INSERT INTO medications (org_id, patient_id, rxcui, display, source, start_date) VALUES ($1, $2, $3, $4, 'prescription', $5)`, [api.fx.orgA, patientId, rxcui, display, start]);
    const addInr = (patientId: string) =>
      q(`INSERT INTO observations (org_id, patient_id, loinc, display, value_num, effective_date) VALUES ($1, $2, '6301-6', 'INR', 2.5, '2026-06-01')`, [api.fx.orgA, patientId]);
    const addFill = (patientId: string, date: string, cost: number | null, status = 'paid') =>
      q(`INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity, total_cost, claim_status) VALUES ($1, $2, '617312', 'atorvastatin 10 MG Oral Tablet', $3, 30, 30, $4, $5)`,
        [api.fx.orgA, patientId, date, cost, status]);
    const programCount = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM programs WHERE org_id = $1', [api.fx.orgA]))[0]!.n;
    const create = (body: unknown) => api.req('POST', '/api/programs', { cookie, body });
    /** Creates the program, runs it as of today (2026-06-15) and returns the run id. */
    const runPanel = async (name: string, criteria: Record<string, unknown>) => {
      const program = await create({ name, kind: 'clinic', year: 2026, criteria });
      assert.equal(program.statusCode, 201, program.body);
      const started = await api.req('POST', `/api/programs/${program.json().id}/target-runs`, { cookie, body: {} });
      assert.equal(started.statusCode, 202, started.body);
      await workOnTargetRuns(api.ctx.db, api.clock, { runId: started.json().id });
      return started.json().id as string;
    };
    const members = async (runId: string, decision: string) =>
      (await api.req('GET', `/api/target-runs/${runId}/members?decision=${decision}`, { cookie })).json().items as Member[];
    const why = (m: Member) => m.outcomes.map((o) => `${o.criterion} ${o.status}: ${o.detail}`);

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      cookie = await api.login('a-manager');
      // Ida: warfarin (INR in range on record) with ibuprofen — the ONC high-priority warfarin–NSAID interaction.
      ids['ida'] = await addPatient('Ida', 'Kemp');
      await addMed(ids['ida'], '855332', 'warfarin sodium 5 MG Oral Tablet', '2025-01-10');
      await addMed(ids['ida'], '197806', 'ibuprofen 600 MG Oral Tablet', '2026-03-01');
      await addInr(ids['ida']);
      // Hugo: the same, but the ibuprofen is prescribed to start after the as-of day.
      ids['hugo'] = await addPatient('Hugo', 'Lind');
      await addMed(ids['hugo'], '855332', 'warfarin sodium 5 MG Oral Tablet', '2025-01-10');
      await addMed(ids['hugo'], '197806', 'ibuprofen 600 MG Oral Tablet', '2026-07-01');
      await addInr(ids['hugo']);
      // Costs of the last 365 days (16 June 2025 to 15 June 2026).
      await addFill(ids['ida'], '2026-01-10', 450);
      await addFill(ids['ida'], '2026-04-10', 600.5);
      ids['vera'] = await addPatient('Vera', 'Stone');
      await addFill(ids['vera'], '2026-02-01', 300);
      await addFill(ids['vera'], '2026-03-01', 150);
      await addFill(ids['vera'], '2026-04-01', null); // a claim without a cost: unknown, not $0
      ids['tom'] = await addPatient('Tom', 'Dale');
      await addFill(ids['tom'], '2025-06-16', 600); // the window's first day
      await addFill(ids['tom'], '2025-06-15', 900); // a day before the window
      await addFill(ids['tom'], '2026-05-01', 5000, 'reversed');
      ids['rosa'] = api.fx.rosa; // lisinopril: monitoring problems of moderate severity only, no fills
      ids['walter'] = api.fx.walter; // nothing on record
    });
    after(() => api.close());

    it('a clinic panel on high-severity DTPs: who qualifies, with the problems, and why the others do not', async () => {
      const runId = await runPanel('High-severity DTP panel', { dtpSeverityAtLeast: 'high' });
      const run = (await api.req('GET', `/api/target-runs/${runId}`, { cookie })).json();
      assert.deepEqual(run.summary.byDecision, { qualifies: 1, 'could-not-assess': 0, not: 5 }, JSON.stringify(run.summary));
      assert.match(run.knowledgeLabel, /; screening: .*interactions\.json/, 'the run names the screening knowledge it used');
      const [ida, ...others] = await members(runId, 'qualifies');
      assert.equal(others.length, 0);
      assert.deepEqual([ida!.name, ida!.enrollment, ida!.notes], ['Kemp, Ida', 'enrolled', []]);
      assert.deepEqual(why(ida!), ['dtpSeverityAtLeast met: 1 drug therapy problem of high severity: Warfarin with an oral or injectable NSAID']);
      const not = await members(runId, 'not');
      assert.deepEqual(not.map((m) => [m.name, why(m)]), [
        ['Alvarez, Rosa', ['dtpSeverityAtLeast not-met: no drug therapy problem of high severity']],
        ['Brennan, Walter', ['dtpSeverityAtLeast not-met: no drug therapy problem of high severity']],
        ['Dale, Tom', ['dtpSeverityAtLeast not-met: no drug therapy problem of high severity']],
        ['Lind, Hugo', ['dtpSeverityAtLeast not-met: no drug therapy problem of high severity']],
        ['Stone, Vera', ['dtpSeverityAtLeast not-met: no drug therapy problem of high severity']],
      ]);
      const csv = (await api.req('GET', `/api/target-runs/${runId}/results.csv`, { cookie })).body.trim().split('\n');
      assert.ok(csv.includes(`${ids['ida']},M-KEMP,1,dtpSeverityAtLeast:met`), csv.join('\n'));
      assert.ok(csv.includes(`${ids['hugo']},M-LIND,0,dtpSeverityAtLeast:not-met`), csv.join('\n'));

      // Moderate takes the moderate problems too: Rosa's missing creatinine and potassium on an ACE inhibitor.
      const moderate = await runPanel('Moderate DTP panel', { dtpSeverityAtLeast: 'moderate' });
      const rosa = (await members(moderate, 'qualifies')).find((m) => m.name === 'Alvarez, Rosa');
      assert.ok(rosa, 'Rosa qualifies on moderate problems');
      assert.match(why(rosa)[0]!, /^dtpSeverityAtLeast met: 2 drug therapy problems of moderate severity or higher: No serum creatinine .* \(moderate\); No serum potassium .* \(moderate\)$/);
    });

    it('a clinic panel on the annual drug cost: the paid fills of the 365 days, and fills without a cost', async () => {
      const runId = await runPanel('High-cost panel', { minAnnualCost: 1000 });
      const run = (await api.req('GET', `/api/target-runs/${runId}`, { cookie })).json();
      assert.deepEqual(run.summary.byDecision, { qualifies: 1, 'could-not-assess': 1, not: 4 });
      const [ida] = await members(runId, 'qualifies');
      assert.deepEqual([ida!.name, ida!.annualCost, why(ida!)], ['Kemp, Ida', 1050.5, ['minAnnualCost met: $1,050.50 drug cost in the last 365 days from 2 fills (at least $1,000 needed)']]);
      const [vera] = await members(runId, 'could-not-assess');
      assert.deepEqual([vera!.name, vera!.enrollment, why(vera!)], [
        'Stone, Vera', null, ['minAnnualCost could-not-assess: $450.00 known drug cost in the last 365 days; 1 of 3 fills has no cost (at least $1,000 needed)'],
      ]);
      const not = await members(runId, 'not');
      assert.deepEqual(not.map((m) => [m.name, m.annualCost, why(m)]), [
        ['Alvarez, Rosa', 0, ['minAnnualCost not-met: no paid fills in the last 365 days (at least $1,000 needed)']],
        ['Brennan, Walter', 0, ['minAnnualCost not-met: no paid fills in the last 365 days (at least $1,000 needed)']],
        ['Dale, Tom', 600, ['minAnnualCost not-met: $600.00 drug cost in the last 365 days from 1 fill (at least $1,000 needed)']],
        ['Lind, Hugo', 0, ['minAnnualCost not-met: no paid fills in the last 365 days (at least $1,000 needed)']],
      ]);
      const csv = (await api.req('GET', `/api/target-runs/${runId}/results.csv`, { cookie })).body.trim().split('\n');
      assert.ok(csv.includes(`${ids['vera']},M-STONE,could-not-assess,minAnnualCost:could-not-assess`), csv.join('\n'));
      assert.ok(csv.includes(`${ids['tom']},M-DALE,0,minAnnualCost:not-met`), csv.join('\n'));
    });

    it('both criteria with match any: one met is enough; none met with an unknown cost is could not assess', async () => {
      const runId = await runPanel('DTP or cost panel', { dtpSeverityAtLeast: 'high', minAnnualCost: 1000, match: 'any' });
      assert.deepEqual((await members(runId, 'qualifies')).map((m) => m.name), ['Kemp, Ida']);
      assert.deepEqual((await members(runId, 'could-not-assess')).map((m) => [m.name, m.outcomes.map((o) => `${o.criterion}:${o.status}`)]), [
        ['Stone, Vera', ['dtpSeverityAtLeast:not-met', 'minAnnualCost:could-not-assess']],
      ]);
    });

    it('refuses bad criteria with a pointer to the criterion, and creates nothing', async () => {
      const before = await programCount();
      for (const [criteria, pointer, message] of [
        [{ dtpSeverityAtLeast: 'low' }, '/criteria/dtpSeverityAtLeast', /expected a severity: high or moderate/],
        [{ minAnnualCost: 0 }, '/criteria/minAnnualCost', /expected an amount in US dollars above 0/],
        [{ minAnnualCost: '1500' }, '/criteria/minAnnualCost', /expected an amount in US dollars such as 1500/],
        [{ minAnnualCost: 1500, a1cAbove: 90 }, '/criteria/a1cAbove', /expected a percent from 4 to 20/],
      ] as const) {
        const res = await create({ name: 'Bad panel', kind: 'clinic', year: 2026, criteria });
        assert.equal(res.statusCode, 422, `${JSON.stringify(criteria)}: ${res.body}`);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), [pointer], res.body);
        assert.match(res.json().errors[0].message, message, res.body);
      }
      const dup = await create({ name: 'High-cost panel', kind: 'clinic', year: 2026, criteria: { minAnnualCost: 5 } });
      assert.equal(dup.statusCode, 409, dup.body);
      assert.deepEqual(dup.json().errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]), [['/name', 'a program with this name already exists for 2026']]);
      assert.equal(await programCount(), before, 'no refused definition was stored');
      const audited = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'program.create' AND detail->>'name' = 'Bad panel'`);
      assert.equal(audited[0]!.n, 0);
    });
  });
}
