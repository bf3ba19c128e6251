// Targeting runs for a panel program through the API: a manager runs a clinic's high-risk panel over the fixtures;
// the summary counts qualifies / could not assess / not; the member list says why for each criterion; the patient
// who qualifies is enrolled on the as-of day (audited), the one the record cannot assess (no A1c) is not, an opt-out
// stays out; a rerun adds nothing until the record changes; the CSV is `patient_id,member_id,qualifies,criteria`; a
// Medicaid program takes only Medicaid patients; bad input, other roles and other organisations are refused with
// nothing started.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workOnTargetRuns } from '../../src/jobs/target-run.ts';
import { insertUser } from '../../src/store/users.repository.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

type Outcome = { criterion: string; status: string; detail: string };
type Member = { patientId: string; name: string; memberId: string | null; decision: string; outcomes: Outcome[]; reason: string | null; dateMet: string | null; enrollment: string | null };

const HIGH_RISK = { minMedications: 5, highRiskDrugClasses: ['anticoagulant', 'opioid', 'insulin'], a1cAbove: 9 };

for (const kind of testDbKinds()) {
  describe(`panel targeting runs API (${kind})`, () => {
    let api: TestApi;
    const cookies: Record<string, string> = {};
    const as = (who: string) => ({ cookie: cookies[who]! });
    const ids: Record<string, string> = {};
    let programId = '';
    let runId = '';

    const q = (sql: string, params: unknown[]) => api.ctx.db.query(sql, params);
    const addPatient = async (first: string, last: string, o: { deceased?: string; coverage?: string } = {}) => {
      const id = (await api.ctx.db.query<{ id: string }>(
        `INSERT INTO patients (org_id, first_name, last_name, birth_date, sex, state, deceased_date) VALUES ($1, $2, $3, '1952-02-02', 'male', 'NY', $4) RETURNING id`,
        [api.fx.orgA, first, last, o.deceased ?? null],
      ))[0]!.id;
      await q(`INSERT INTO coverages (org_id, patient_id, kind, payer_name, member_id, start_date) VALUES ($1, $2, $3, 'Payer', $4, '2025-01-01')`, [
        api.fx.orgA, id, o.coverage ?? 'medicare_part_d', `M-${last.toUpperCase()}`,
      ]);
      return id;
    };
    const addMeds = async (patientId: string, meds: readonly (readonly [string | null, string])[]) => {
      for (const [rxcui, display] of meds) {
        await q(`INSERT INTO medications (org_id, patient_id, rxcui, display, source, start_date) VALUES ($1, $2, $3, $4, 'prescription', '2026-01-10')`, [api.fx.orgA, patientId, rxcui, display]);
      }
    };
    const addA1c = (patientId: string, value: number, date: string) =>
      q(`INSERT INTO observations (org_id, patient_id, loinc, display, value_num, unit, effective_date) VALUES ($1, $2, '4548-4', 'Hemoglobin A1c', $3, '%', $4)`, [api.fx.orgA, patientId, value, date]);
    // Five medications, two of them high-risk: warfarin (anticoagulant) and oxycodone (opioid).
    const HIGH_RISK_MEDS = [
      ['855332', 'warfarin sodium 5 MG Oral Tablet'], ['1049621', 'oxycodone hydrochloride 5 MG Oral Tablet'], ['314076', 'lisinopril 10 MG Oral Tablet'],
      ['617312', 'atorvastatin 10 MG Oral Tablet'], ['197361', 'amlodipine 5 MG Oral Tablet'],
    ] as const;
    const start = (id: string, body: unknown, who = 'manager') => api.req('POST', `/api/programs/${id}/target-runs`, { ...as(who), body });
    const summary = async (id: string) => (await api.req('GET', `/api/target-runs/${id}`, as('manager'))).json().summary;

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      for (const role of ['manager', 'pharmacist', 'technician']) cookies[role] = await api.login(`a-${role}`);
      const hash = (await api.ctx.db.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE username = 'a-manager'`))[0]!.h;
      await insertUser(api.ctx.db, { orgId: api.fx.orgB, username: 'b-manager', displayName: 'B manager', role: 'manager', passwordHash: hash });
      cookies['other'] = await api.login('b-manager');
      ids['rosa'] = api.fx.rosa; // lisinopril only: too few medications
      ids['walter'] = api.fx.walter; // nothing on record
      ids['ida'] = await addPatient('Ida', 'Kemp');
      ids['hugo'] = await addPatient('Hugo', 'Lind', { coverage: 'medicaid' });
      ids['vera'] = await addPatient('Vera', 'Stone');
      ids['tom'] = await addPatient('Tom', 'Dale', { deceased: '2026-04-01' });
      for (const who of ['ida', 'vera', 'tom']) {
        await addMeds(ids[who]!, HIGH_RISK_MEDS);
        await addA1c(ids[who]!, 9.8, '2026-03-01');
      }
      // Hugo takes Eliquis (written by brand, uncoded) and four others, and has no A1c on record.
      await addMeds(ids['hugo']!, [[null, 'Eliquis 5 mg tablet'], ...HIGH_RISK_MEDS.slice(2), ['860975', 'metformin 500 MG ER tablet']]);
      await q(`INSERT INTO conditions (org_id, patient_id, code_system, code, display, onset_date) VALUES ($1, $2, 'icd10cm', 'E11.9', 'T2DM', '2020-01-01')`, [api.fx.orgA, ids['hugo']]);
      const program = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'High-risk clinic panel', kind: 'clinic', year: 2026, criteria: HIGH_RISK } });
      assert.equal(program.statusCode, 201, program.body);
      programId = program.json().id;
      // Vera left the program before: a run must not put her back.
      const vera = await api.req('POST', `/api/programs/${programId}/enrollments`, { ...as('manager'), body: { patientId: ids['vera'], enrolledOn: '2026-02-01' } });
      assert.equal(vera.statusCode, 201, vera.body);
      assert.equal((await api.req('POST', `/api/enrollments/${vera.json().id}/opt-out`, { ...as('manager'), body: { reason: '03', date: '2026-03-01' } })).statusCode, 200);
    });
    after(() => api.close());

    it('runs the panel: who qualifies, who could not be assessed and why, enrollment on the as-of day', async () => {
      const started = await start(programId, {});
      assert.equal(started.statusCode, 202, started.body);
      runId = started.json().id;
      assert.deepEqual([started.json().programKind, started.json().asOf, started.json().membersTotal], ['clinic', '2026-06-15', 6]);
      assert.match(started.json().knowledgeLabel, /A1c LOINC 4548-4, 17856-6, 4549-2; drug classes: drugs\.json/);
      assert.equal(await workOnTargetRuns(api.ctx.db, api.clock, { runId }), 1);

      assert.deepEqual(await summary(runId), {
        members: 6, eligible: 2, byReason: { '01': 0, '02': 0, '03': 0, '04': 0 }, byDecision: { qualifies: 2, 'could-not-assess': 1, not: 3 },
        enrolledNow: 1, enrolledDeceased: 0, alreadyEnrolled: 0, optedOut: 1, notEnrolled: 0,
      });
      const list = (await api.req('GET', `/api/target-runs/${runId}/members`, as('manager'))).json();
      const rows = list.items as Member[];
      assert.deepEqual(rows.map((m) => [m.name, m.decision, m.enrollment, m.reason, m.dateMet]), [
        ['Kemp, Ida', 'qualifies', 'enrolled', null, null],
        ['Stone, Vera', 'qualifies', 'opted-out', null, null],
      ]);
      assert.deepEqual(rows[0]!.outcomes.map((o) => `${o.criterion} ${o.status}: ${o.detail}`), [
        'minMedications met: 5 active medications (needs 5)',
        'highRiskDrugClasses met: takes anticoagulant, opioid',
        'a1cAbove met: latest A1c 9.8% (above 9% needed)',
      ]);
      const unknown = (await api.req('GET', `/api/target-runs/${runId}/members?decision=could-not-assess`, as('manager'))).json();
      assert.deepEqual(unknown.items.map((m: Member) => [m.name, m.enrollment, m.memberId]), [['Lind, Hugo', null, 'M-LIND']]);
      assert.deepEqual(unknown.items[0].outcomes.map((o: Outcome) => `${o.criterion} ${o.status}: ${o.detail}`), [
        'minMedications met: 5 active medications (needs 5)',
        'highRiskDrugClasses met: takes anticoagulant',
        'a1cAbove could-not-assess: no A1c in the last 365 days (needs one above 9%)',
      ]);
      const not = (await api.req('GET', `/api/target-runs/${runId}/members?decision=not`, as('manager'))).json();
      assert.deepEqual(not.items.map((m: Member) => m.name), ['Alvarez, Rosa', 'Brennan, Walter', 'Dale, Tom']);
      assert.deepEqual(not.items[2].outcomes[0], { criterion: 'living', status: 'not-met', detail: 'died on 2026-04-01' });

      const enrollments = await api.ctx.db.query<{ patientId: string; enrolledOn: string; source: string | null; optedOutOn: string | null }>(
        `SELECT patient_id AS "patientId", enrolled_on AS "enrolledOn", source_run_id AS source, opted_out_on AS "optedOutOn" FROM enrollments WHERE program_id = $1 ORDER BY enrolled_on`,
        [programId],
      );
      assert.deepEqual(enrollments.map((e) => [e.patientId, e.enrolledOn, e.source, e.optedOutOn]), [
        [ids['vera'], '2026-02-01', null, '2026-03-01'],
        [ids['ida'], '2026-06-15', runId, null],
      ]);
      const audited = await api.ctx.db.query<{ patientId: string; username: string }>(
        `SELECT patient_id AS "patientId", username FROM audit_log WHERE action = 'enrollment.create' AND detail->'source'->>'runId' = $1`, [runId],
      );
      assert.deepEqual(audited, [{ patientId: ids['ida'], username: 'a-manager' }]);

      const csv = await api.req('GET', `/api/target-runs/${runId}/results.csv`, as('manager'));
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.trim().split('\n');
      assert.equal(lines[0], 'patient_id,member_id,qualifies,criteria');
      assert.equal(lines.length, 1 + 6);
      for (const want of [
        `${ids['ida']},M-KEMP,1,minMedications:met;highRiskDrugClasses:met;a1cAbove:met`,
        `${ids['hugo']},M-LIND,could-not-assess,minMedications:met;highRiskDrugClasses:met;a1cAbove:could-not-assess`,
        `${ids['walter']},MBR100002,0,minMedications:not-met;highRiskDrugClasses:not-met;a1cAbove:could-not-assess`,
        `${ids['tom']},M-DALE,0,living:not-met;minMedications:met;highRiskDrugClasses:met;a1cAbove:met`,
      ]) assert.ok(lines.includes(want), `${want} in\n${csv.body}`);
    });

    it('a rerun enrolls no one again; once the missing A1c is on record the patient qualifies and is enrolled', async () => {
      api.clock.advanceMinutes(5);
      const again = await start(programId, { asOf: '2026-06-10' });
      assert.equal(again.statusCode, 202, again.body);
      await workOnTargetRuns(api.ctx.db, api.clock, { runId: again.json().id });
      const s = await summary(again.json().id);
      assert.deepEqual([s.byDecision, s.enrolledNow, s.alreadyEnrolled, s.optedOut], [{ qualifies: 2, 'could-not-assess': 1, not: 3 }, 0, 1, 1]);
      const count = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE program_id = $1', [programId]))[0]!.n;
      assert.equal(await count(), 2);

      await addA1c(ids['hugo']!, 9.5, '2026-06-12');
      api.clock.advanceMinutes(5);
      const third = await start(programId, {});
      await workOnTargetRuns(api.ctx.db, api.clock, { runId: third.json().id });
      const s3 = await summary(third.json().id);
      assert.deepEqual([s3.byDecision, s3.enrolledNow, s3.alreadyEnrolled, s3.optedOut], [{ qualifies: 3, 'could-not-assess': 0, not: 3 }, 1, 1, 1]);
      assert.equal(await count(), 3);
      const ida = await api.ctx.db.query<{ on: string }>('SELECT enrolled_on AS on FROM enrollments WHERE program_id = $1 AND patient_id = $2', [programId, ids['ida']]);
      assert.equal(ida[0]!.on, '2026-06-15', 'a rerun does not move an enrollment');
    });

    it('a Medicaid program takes only the patients Medicaid covers on the day', async () => {
      const medicaid = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Medicaid MTM', kind: 'medicaid', year: 2026, criteria: { minMedications: 1 } } });
      assert.equal(medicaid.statusCode, 201, medicaid.body);
      const run = await start(medicaid.json().id, {});
      await workOnTargetRuns(api.ctx.db, api.clock, { runId: run.json().id });
      const list = (await api.req('GET', `/api/target-runs/${run.json().id}/members`, as('manager'))).json();
      assert.deepEqual(list.items.map((m: Member) => [m.name, m.memberId, m.outcomes[0]!.detail]), [['Lind, Hugo', 'M-LIND', 'medicaid coverage, member M-LIND']]);
      const ida = (await api.req('GET', `/api/target-runs/${run.json().id}/members?decision=not`, as('manager'))).json().items.find((m: Member) => m.name === 'Kemp, Ida');
      assert.deepEqual(ida.outcomes.map((o: Outcome) => `${o.criterion}:${o.status}`), ['coverage:not-met', 'minMedications:met']);
    });

    it('refuses bad input, other roles and other organisations, and starts nothing', async () => {
      const count = async () => (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM target_runs'))[0]!.n;
      const before = await count();
      const last = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Clinic panel 2025', kind: 'clinic', year: 2025, criteria: { minMedications: 3 } } });
      for (const [id, body, pointer, message] of [
        [programId, { asOf: '2026-13-01' }, '/asOf', /date/],
        [programId, { asOf: '2026-06-16' }, '/asOf', /must not be after 2026-06-15/],
        [programId, { asOf: '2025-12-31' }, '/asOf', /must fall in or after 2026/],
        [last.json().id, { asOf: '2026-01-05' }, '/asOf', /must fall in 2025: a clinic program enrolls the patients who qualify on this day/],
      ] as const) {
        const res = await start(id, body);
        assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        assert.equal(res.json().errors[0].pointer, pointer, res.body);
        assert.match(res.json().errors[0].message, message, res.body);
      }
      assert.equal((await start(programId, { match: 'any' })).statusCode, 422, 'criteria are the program\'s, not the run\'s');
      const wrongFilter = await api.req('GET', `/api/target-runs/${runId}/members?reason=01`, as('manager'));
      assert.deepEqual([wrongFilter.statusCode, wrongFilter.json().errors[0].pointer], [422, '/reason']);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}/members?decision=maybe`, as('manager'))).statusCode, 422);
      await api.req('PATCH', `/api/programs/${programId}`, { ...as('manager'), body: { active: false } });
      assert.match((await start(programId, {})).json().detail, /inactive/);
      await api.req('PATCH', `/api/programs/${programId}`, { ...as('manager'), body: { active: true } });
      assert.equal((await start(programId, {}, 'pharmacist')).statusCode, 403);
      assert.equal((await start(programId, {}, 'technician')).statusCode, 403);
      assert.equal((await api.req('GET', `/api/target-runs/${runId}/members`, as('pharmacist'))).statusCode, 403);
      assert.equal((await start(programId, {}, 'other')).statusCode, 404);
      for (const path of [`/api/target-runs/${runId}`, `/api/target-runs/${runId}/members`, `/api/target-runs/${runId}/results.csv`]) {
        assert.equal((await api.req('GET', path, as('other'))).statusCode, 404, path);
      }
      assert.equal(await count(), before, 'no refused request started a run');
    });
  });
}
