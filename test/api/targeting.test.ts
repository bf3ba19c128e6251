// Part D targeting runs through the API (panel programs: panel-targeting.test.ts): a manager records DMP status, starts a run of a Part D program, workers
// finish it, the summary and the eligible list give reason codes and dates met, the CSV is in `openmtm target`'s
// layout, eligible patients are enrolled (audited) on their date met, an opt-out is never re-enrolled, a rerun adds
// nothing; bad input, other roles and other organisations are refused with nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workOnTargetRuns } from '../../src/jobs/target-run.ts';
import { insertUser } from '../../src/store/users.repository.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

type Member = { patientId: string; name: string; reason: string; dateMet: string; coreDiseases: string[]; drugCount: number; annualCost: number | null; enrollment: string };

for (const kind of testDbKinds()) {
  describe(`targeting runs API (${kind})`, () => {
    let api: TestApi;
    const cookies: Record<string, string> = {};
    const as = (who: string) => ({ cookie: cookies[who]! });
    let programId = '';
    let runId = '';
    const ids: Record<string, string> = {};

    const addPatient = async (first: string, last: string, opts: { deceased?: string; coverage?: 'medicare_part_d' | 'commercial' } = {}) => {
      const db = api.ctx.db;
      const id = (await db.query<{ id: string }>(
        `INSERT INTO patients (org_id, first_name, last_name, birth_date, sex, state, deceased_date) VALUES ($1, $2, $3, '1950-05-05', 'female', 'NY', $4) RETURNING id`,
        [api.fx.orgA, first, last, opts.deceased ?? null],
      ))[0]!.id;
      await db.query(
        `INSERT INTO coverages (org_id, patient_id, kind, payer_name, member_id, start_date) VALUES ($1, $2, $3, 'Payer', $4, '2024-01-01')`,
        [api.fx.orgA, id, opts.coverage ?? 'medicare_part_d', `M-${last.toUpperCase()}`],
      );
      return id;
    };
    // Hypertension and diabetes since 2020; amlodipine on 2 February and metformin on 3 March 2026: with a $500
    // threshold the criteria are first met on 3 March ($270 so far, projected over at least 90 days: $1,095).
    const makeEligible = async (patientId: string) => {
      const db = api.ctx.db;
      for (const code of ['I10', 'E11.9']) {
        await db.query(`INSERT INTO conditions (org_id, patient_id, code_system, code, display, onset_date) VALUES ($1, $2, 'icd10cm', $3, $3, '2020-01-01')`, [api.fx.orgA, patientId, code]);
      }
      for (const [rxcui, day, cost] of [['197361', '2026-02-02', 120], ['860975', '2026-03-03', 150]] as const) {
        await db.query(
          `INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity, total_cost) VALUES ($1, $2, $3, 'drug', $4, 30, 30, $5)`,
          [api.fx.orgA, patientId, rxcui, day, cost],
        );
      }
    };

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      for (const role of ['manager', 'pharmacist', 'technician']) cookies[role] = await api.login(`a-${role}`);
      const hash = (await api.ctx.db.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE username = 'a-manager'`))[0]!.h;
      await insertUser(api.ctx.db, { orgId: api.fx.orgB, username: 'b-manager', displayName: 'B manager', role: 'manager', passwordHash: hash });
      cookies['other'] = await api.login('b-manager');
      ids['rosa'] = api.fx.rosa;
      ids['walter'] = api.fx.walter;
      ids['nina'] = await addPatient('Nina', 'Zeller');
      ids['edna'] = await addPatient('Edna', 'Moss', { deceased: '2026-04-10' });
      ids['carl'] = await addPatient('Carl', 'Price', { coverage: 'commercial' });
      await makeEligible(ids['rosa']);
      await makeEligible(ids['nina']);
      const program = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Part D 2026', kind: 'partd', year: 2026, criteria: { minCoreDiseases: 2, minDrugs: 2, costThreshold: 500 } } });
      assert.equal(program.statusCode, 201, program.body);
      programId = program.json().id;
      // Nina was enrolled by hand and asked to leave the program: targeting must not put her back.
      const nina = await api.req('POST', `/api/programs/${programId}/enrollments`, { ...as('manager'), body: { patientId: ids['nina'], enrolledOn: '2026-03-10' } });
      assert.equal(nina.statusCode, 201, nina.body);
      const out = await api.req('POST', `/api/enrollments/${nina.json().id}/opt-out`, { ...as('manager'), body: { reason: '03', date: '2026-04-01' } });
      assert.equal(out.statusCode, 200, out.body);
    });
    after(() => api.close());

    it("records a patient's DMP status (managers only, checked, audited) and shows it in the chart", async () => {
      for (const [who, on] of [['walter', '2026-03-01'], ['edna', '2026-02-01'], ['carl', '2026-01-05']] as const) {
        const res = await api.req('PUT', `/api/patients/${ids[who]}/dmp-status`, { ...as('manager'), body: { atRiskOn: on } });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().dmp, { atRiskOn: on, atRiskUntil: null });
      }
      const chart = (await api.req('GET', `/api/patients/${ids['walter']}`, as('pharmacist'))).json();
      assert.deepEqual([chart.patient.dmpAtRiskOn, chart.patient.dmpAtRiskUntil], ['2026-03-01', null]);
      const backwards = await api.req('PUT', `/api/patients/${ids['walter']}/dmp-status`, { ...as('manager'), body: { atRiskOn: '2026-03-01', atRiskUntil: '2026-02-01' } });
      assert.equal(backwards.statusCode, 422);
      assert.equal(backwards.json().errors[0].pointer, '/atRiskUntil');
      const future = await api.req('PUT', `/api/patients/${ids['walter']}/dmp-status`, { ...as('manager'), body: { atRiskOn: '2026-06-16' } });
      assert.deepEqual([future.statusCode, future.json().errors[0].pointer], [422, '/atRiskOn']);
      assert.equal((await api.req('PUT', `/api/patients/${ids['walter']}/dmp-status`, { ...as('pharmacist'), body: { atRiskOn: null } })).statusCode, 403);
      assert.equal((await api.req('PUT', `/api/patients/${api.fx.olga}/dmp-status`, { ...as('manager'), body: { atRiskOn: '2026-01-01' } })).statusCode, 404);
      const after = (await api.req('GET', `/api/patients/${ids['walter']}`, as('manager'))).json();
      assert.equal(after.patient.dmpAtRiskOn, '2026-03-01', 'refused changes wrote nothing');
      const audited = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'patient.dmp-status' AND outcome = 'success'`);
      assert.equal(audited[0]!.n, 3);
    });

    it('runs targeting for the program: summary by reason, the eligible list, the CSV, and enrollment on the date met', async () => {
      const started = await api.req('POST', `/api/programs/${programId}/target-runs`, { ...as('manager'), body: {} });
      assert.equal(started.statusCode, 202, started.body);
      const run = started.json();
      runId = run.id;
      assert.deepEqual([run.status, run.asOf, run.year, run.membersTotal, run.programName], ['running', '2026-06-15', 2026, 5, 'Part D 2026']);
      const early = await api.req('GET', `/api/target-runs/${runId}/results.csv`, as('manager'));
      assert.equal(early.statusCode, 422, 'no export before the run is done');
      assert.equal(await workOnTargetRuns(api.ctx.db, api.clock, { runId }), 1);

      const done = (await api.req('GET', `/api/target-runs/${runId}`, as('manager'))).json();
      assert.equal(done.status, 'done');
      assert.deepEqual(done.summary, {
        members: 5, eligible: 4, byReason: { '01': 2, '02': 2, '03': 0, '04': 0 }, byDecision: null,
        enrolledNow: 3, enrolledDeceased: 1, alreadyEnrolled: 0, optedOut: 1, notEnrolled: 0,
      });

      const list = (await api.req('GET', `/api/target-runs/${runId}/members`, as('manager'))).json();
      assert.equal(list.total, 4);
      const rows = list.items as Member[];
      assert.deepEqual(rows.map((m) => [m.name, m.reason, m.dateMet, m.enrollment]), [
        ['Moss, Edna', '02', '2026-02-01', 'enrolled'],
        ['Brennan, Walter', '02', '2026-03-01', 'enrolled'],
        ['Alvarez, Rosa', '01', '2026-03-03', 'enrolled'],
        ['Zeller, Nina', '01', '2026-03-03', 'opted-out'],
      ]);
      const rosa = rows[2]!;
      assert.deepEqual([rosa.coreDiseases, rosa.drugCount], [['diabetes', 'hypertension'], 2]);
      assert.ok(rosa.annualCost !== null && Math.abs(rosa.annualCost - (270 * 365) / 166) < 0.01, `projected over the 166 days to 15 June: ${rosa.annualCost}`);
      const dmp = (await api.req('GET', `/api/target-runs/${runId}/members?reason=02`, as('manager'))).json();
      assert.deepEqual(dmp.items.map((m: Member) => m.name), ['Moss, Edna', 'Brennan, Walter']);
      const opted = (await api.req('GET', `/api/target-runs/${runId}/members?enrollment=opted-out`, as('manager'))).json();
      assert.deepEqual([opted.total, opted.items[0].name], [1, 'Zeller, Nina']);
      const shown = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'targeting.members' AND detail->'shown' ? $1`, [ids['rosa']]);
      assert.equal(shown[0]!.n, 1, 'the first page showed Rosa; the filtered pages did not');

      const csv = await api.req('GET', `/api/target-runs/${runId}/results.csv`, as('manager'));
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      const lines = csv.body.trim().split('\n');
      assert.equal(lines[0], 'member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met,notes,patient_id');
      assert.equal(lines.length, 1 + 5);
      assert.ok(lines.some((l) => l.startsWith('M-PRICE,0,,,0,,,no Part D or Medicare Advantage coverage on record,')), csv.body);
      assert.ok(lines.some((l) => l.startsWith('MBR100002,1,02,,0,0.00,2026-03-01,') && l.endsWith(`,${ids['walter']}`)), csv.body);

      // Enrolled on the date met, by the run, with the manager who started it; Edna died: enrolled and opted out (01).
      const enrollments = await api.ctx.db.query<{ patientId: string; enrolledOn: string; optedOutOn: string | null; reason: string | null; createdBy: string; source: string | null }>(
        `SELECT e.patient_id AS "patientId", e.enrolled_on AS "enrolledOn", e.opted_out_on AS "optedOutOn", e.opt_out_reason AS reason,
                u.username AS "createdBy", e.source_run_id AS source
           FROM enrollments e JOIN users u ON u.id = e.created_by WHERE e.program_id = $1 ORDER BY e.enrolled_on, e.patient_id`,
        [programId],
      );
      const byPatient = Object.fromEntries(enrollments.map((e) => [e.patientId, e]));
      assert.deepEqual(byPatient[ids['rosa']!], { patientId: ids['rosa'], enrolledOn: '2026-03-03', optedOutOn: null, reason: null, createdBy: 'a-manager', source: runId });
      assert.deepEqual([byPatient[ids['edna']!]!.enrolledOn, byPatient[ids['edna']!]!.optedOutOn, byPatient[ids['edna']!]!.reason], ['2026-02-01', '2026-04-10', '01']);
      assert.deepEqual([byPatient[ids['nina']!]!.source, byPatient[ids['nina']!]!.reason], [null, '03']);
      assert.equal(enrollments.length, 4);
      const audits = await api.ctx.db.query<{ action: string; patientId: string; username: string }>(
        `SELECT action, patient_id AS "patientId", username FROM audit_log WHERE detail->'source'->>'runId' = $1 ORDER BY action, patient_id`, [runId],
      );
      assert.equal(audits.filter((a) => a.action === 'enrollment.create').length, 3);
      assert.deepEqual(audits.filter((a) => a.action === 'enrollment.opt-out').map((a) => a.patientId), [ids['edna']]);
      assert.ok(audits.every((a) => a.username === 'a-manager'), 'audited as the manager who started the run');
      const programs = (await api.req('GET', '/api/programs', as('manager'))).json();
      assert.equal(programs.items.find((p: { id: string }) => p.id === programId).enrolled, 2, 'Rosa and Walter are active enrollees now');
    });

    it('re-running adds no enrollment and keeps the opt-outs out', async () => {
      api.clock.advanceMinutes(5);
      const again = await api.req('POST', `/api/programs/${programId}/target-runs`, { ...as('manager'), body: { asOf: '2026-06-01' } });
      assert.equal(again.statusCode, 202, again.body);
      await workOnTargetRuns(api.ctx.db, api.clock, { runId: again.json().id });
      const s = (await api.req('GET', `/api/target-runs/${again.json().id}`, as('manager'))).json().summary;
      assert.deepEqual([s.eligible, s.enrolledNow, s.alreadyEnrolled, s.optedOut], [4, 0, 2, 2]);
      const n = await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE program_id = $1', [programId]);
      assert.equal(n[0]!.n, 4);
      const runs = (await api.req('GET', `/api/programs/${programId}/target-runs`, as('manager'))).json();
      assert.deepEqual([runs.total, runs.items[0].id, runs.items[0].asOf], [2, again.json().id, '2026-06-01']);
    });

    it('refuses bad input, other roles and other organisations, and starts nothing', async () => {
      const count = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM target_runs'))[0]!.n;
      const before = await count();
      const start = (body: unknown, who = 'manager', id = programId) => api.req('POST', `/api/programs/${id}/target-runs`, { ...as(who), body });
      for (const [body, pointer] of [[{ asOf: '2026-02-30' }, '/asOf'], [{ asOf: '2026-07-01' }, '/asOf'], [{ asOf: '2025-12-31' }, '/asOf'], [{ year: 2026 }, '']] as const) {
        const res = await start(body);
        assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        if (pointer) assert.equal(res.json().errors[0].pointer, pointer, res.body);
      }
      // Panel decisions belong to panel programs (test/api/panel-targeting.test.ts); a Part D run has reason codes.
      const decision = await api.req('GET', `/api/target-runs/${runId}/members?decision=qualifies`, as('manager'));
      assert.deepEqual([decision.statusCode, decision.json().errors[0].pointer], [422, '/decision']);
      await api.req('PATCH', `/api/programs/${programId}`, { ...as('manager'), body: { active: false } });
      const inactive = await start({});
      assert.equal(inactive.statusCode, 422);
      assert.match(inactive.json().detail, /inactive/);
      await api.req('PATCH', `/api/programs/${programId}`, { ...as('manager'), body: { active: true } });
      assert.equal((await start({}, 'pharmacist')).statusCode, 403);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}`, as('technician'))).statusCode, 403);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}/members`, as('pharmacist'))).statusCode, 403);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}/members?reason=05`, as('manager'))).statusCode, 422);
      assert.equal((await api.req('GET', '/api/target-runs/not-a-uuid', as('manager'))).statusCode, 422);
      // Another organisation's manager sees neither the program nor its runs.
      assert.equal((await start({}, 'other')).statusCode, 404);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}`, as('other'))).statusCode, 404);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}/results.csv`, as('other'))).statusCode, 404);
      assert.equal((await api.req('GET', `/api/programs/${programId}/target-runs`, as('other'))).statusCode, 404);
      assert.equal(await count(), before, 'no refused request started a run');
    });
  });
}
