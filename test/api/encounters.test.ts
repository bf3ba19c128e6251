// MTM encounters through the API, one CMR's whole life for Rosa (naproxen + lisinopril + hydrochlorothiazide, so
// screening proposes the "triple whammy"): create, decide problems, reconcile (and add a herbal product she reports),
// log time, sign (the reconciliation is written back to the chart), addenda, takeaway; then a TMR that carries the
// CMR's decisions forward.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Encounter, EncounterProblem, LastReviewFinding } from '../../src/domain/encounters.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

const TRIPLE = 'ddi.nsaid-ras-diuretic-triple-whammy';
const ACCEPTED_TEXT = 'Stop taking naproxen and use acetaminophen for pain instead, then get a kidney blood test next week.';

const flat = (s: string) => s.replace(/\s+/g, ' ');
const STOP_REASON = 'Kidney risk with lisinopril and hydrochlorothiazide; acetaminophen instead';
const NOT_TAKING = 'Ran out last month; the copay is too high';
const WORT = "St. John's wort 300 MG Oral Capsule";

type ChartMed = { id: string; display: string; source: string; sig: string | null; status: string; stopDate: string | null; stopReason: string | null; recordedFrom: string; lastReview: LastReviewFinding | null };

for (const kind of testDbKinds()) {
  describe(`MTM encounters API (${kind})`, () => {
    let api: TestApi;
    let ph: string; // a-pharmacist
    let enc: Encounter;
    let dismissed: EncounterProblem;
    let naproxen: string;
    let hctz: string;
    let wort: string;
    let tmr: Encounter;
    const timings: Record<string, number> = {};

    const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await fn();
      timings[label] = performance.now() - t0;
      return r;
    };
    /** Sends a change with the current version; on success keeps the returned encounter. */
    const send = async (method: 'POST' | 'PUT' | 'PATCH', path: string, body: Record<string, unknown>, expect = 200) => {
      const res = await api.req(method, `/api/encounters/${enc.id}${path}`, { cookie: ph, body: { version: enc.version, ...body } });
      assert.equal(res.statusCode, expect, res.body);
      if (res.statusCode === 200) {
        const next = res.json() as Encounter;
        assert.equal(next.version, enc.version + 1, 'every change moves the version on');
        enc = next;
      }
      return res;
    };

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15T15:00Z
      ph = await api.login('a-pharmacist');
      await api.ctx.db.query(
        `INSERT INTO medications (org_id, patient_id, rxcui, display, source, sig, indication, start_date) VALUES
           ($1, $2, '849574', 'Naproxen sodium 220 MG Oral Tablet', 'otc', 'Take 1 tablet by mouth twice daily as needed for knee pain', 'knee pain', '2026-01-10'),
           ($1, $2, '310798', 'Hydrochlorothiazide 25 MG Oral Tablet', 'prescription', 'Take 1 tablet by mouth every morning', 'high blood pressure', '2025-03-01')`,
        [api.fx.orgA, api.fx.rosa],
      );
      const ids = await api.ctx.db.query<{ id: string; display: string }>(`SELECT id, display FROM medications WHERE patient_id = $1`, [api.fx.rosa]);
      naproxen = ids.find((m) => m.display.startsWith('Naproxen'))!.id;
      hctz = ids.find((m) => m.display.startsWith('Hydrochlorothiazide'))!.id;
    });
    /** Rosa's chart medications as the chart API shows them. */
    const chartMeds = async () => ((await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: ph })).json() as { medications: ChartMed[] }).medications;
    const count = async (sql: string, params: unknown[] = []) => (await api.ctx.db.query<{ n: number }>(sql, params))[0]!.n;
    after(async () => {
      console.log(`timing (${kind}) ${Object.entries(timings).map(([k, v]) => `${k}=${v.toFixed(1)}ms`).join(' ')}`);
      await api.close();
    });

    it('creates a CMR with the screening problems proposed, and due dates', async () => {
      const res = await timed('create', () => api.req('POST', `/api/patients/${api.fx.rosa}/encounters`, { cookie: ph, body: { kind: 'cmr' } }));
      assert.equal(res.statusCode, 201, res.body);
      enc = res.json() as Encounter;
      assert.equal(enc.kind, 'cmr');
      assert.equal(enc.status, 'in-progress');
      assert.equal(enc.version, 1);
      assert.equal(enc.patientId, api.fx.rosa);
      assert.equal(enc.createdAt, '2026-06-15T15:00:00.000Z');
      assert.equal(enc.takeawayDueDate, '2026-06-29');
      assert.equal(enc.takeawaySentAt, null);
      assert.deepEqual([enc.interventions, enc.reconciliation, enc.time, enc.addenda, enc.totalMinutes], [[], [], [], [], 0]);
      assert.ok(enc.problems.length >= 2, 'several problems proposed');
      assert.ok(enc.problems.every((p) => p.decision === 'proposed' && p.ruleId !== null && p.dismissReason === null), 'every problem proposed by a screening rule');
      const triple = enc.problems.find((p) => p.ruleId === TRIPLE);
      assert.ok(triple, `triple whammy proposed; got ${enc.problems.map((p) => p.ruleId).join(', ')}`);
      assert.equal(triple.severity, 'high');
      assert.equal(triple.onActionPlan, true);
      assert.deepEqual(triple.drugs, ['hydrochlorothiazide', 'lisinopril', 'naproxen']);
      assert.ok(enc.problems.every((p) => p.onActionPlan === (p.severity !== 'low')), 'high and moderate problems go on the action plan by default');

      const list = await api.req('GET', `/api/patients/${api.fx.rosa}/encounters`, { cookie: ph });
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json(), { items: [{ id: enc.id, kind: 'cmr', status: 'in-progress', createdAt: enc.createdAt, signedAt: null, takeawaySentAt: null, takeawayDueDate: '2026-06-29', totalMinutes: 0 }] });
      const got = await timed('get', () => api.req('GET', `/api/encounters/${enc.id}`, { cookie: ph }));
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), enc);
    });

    it('lets technicians neither create nor change, managers and the care-team prescriber read, and hides other organisations', async () => {
      const tech = await api.login('a-technician');
      assert.equal((await api.req('POST', `/api/patients/${api.fx.rosa}/encounters`, { cookie: tech, body: { kind: 'cmr' } })).statusCode, 403);
      assert.equal((await api.req('POST', `/api/encounters/${enc.id}/time`, { cookie: tech, body: { version: enc.version, activity: 'prework', minutes: 5 } })).statusCode, 403);
      const mgr = await api.login('a-manager');
      assert.equal((await api.req('GET', `/api/encounters/${enc.id}`, { cookie: mgr })).statusCode, 200);
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}/encounters`, { cookie: mgr })).statusCode, 200);
      assert.equal((await api.req('PATCH', `/api/encounters/${enc.id}`, { cookie: mgr, body: { version: enc.version, goals: 'x' } })).statusCode, 403);
      const prescriber = await api.login('a-prescriber');
      assert.equal((await api.req('GET', `/api/encounters/${enc.id}`, { cookie: prescriber })).statusCode, 200);

      const b = await api.login('b-pharmacist');
      const v = enc.version;
      const foreign = [
        api.req('GET', `/api/encounters/${enc.id}`, { cookie: b }),
        api.req('PATCH', `/api/encounters/${enc.id}`, { cookie: b, body: { version: v, goals: 'x' } }),
        api.req('POST', `/api/encounters/${enc.id}/problems/${enc.problems[0]!.id}`, { cookie: b, body: { version: v, decision: 'accepted' } }),
        api.req('POST', `/api/encounters/${enc.id}/time`, { cookie: b, body: { version: v, activity: 'prework', minutes: 5 } }),
        api.req('POST', `/api/encounters/${enc.id}/sign`, { cookie: b, body: { version: v } }),
        api.req('GET', `/api/encounters/${enc.id}/takeaway`, { cookie: b }),
        api.req('GET', `/api/patients/${api.fx.rosa}/encounters`, { cookie: b }),
        api.req('POST', `/api/patients/${api.fx.rosa}/encounters`, { cookie: b, body: { kind: 'tmr' } }),
      ];
      for (const res of await Promise.all(foreign)) assert.equal(res.statusCode, 404, res.body);
      assert.equal((await api.req('GET', `/api/encounters/${randomUUID()}`, { cookie: ph })).statusCode, 404);
      // Nothing changed.
      assert.equal(((await api.req('GET', `/api/encounters/${enc.id}`, { cookie: ph })).json() as Encounter).version, v);
    });

    it('refuses to sign while problems are proposed, listing them, and the CMR delivery details', async () => {
      const res = await send('POST', '/sign', {}, 422);
      const body = res.json() as { detail: string; errors: { pointer: string; message: string }[] };
      assert.match(body.detail, /Decide every problem/);
      const pointers = body.errors.map((e) => e.pointer);
      assert.deepEqual(pointers.filter((p) => p.startsWith('/problems/')), enc.problems.map((_p, i) => `/problems/${i}`));
      assert.ok(body.errors.some((e) => e.message.includes(enc.problems[0]!.title)), 'the refusal names the problem');
      assert.ok(pointers.includes('/deliveryMethod') && pointers.includes('/recipient'), 'a CMR needs its delivery method and recipient');
    });

    it('accepts with edited wording, dismisses only with a reason, and refuses stale versions', async () => {
      const triple = enc.problems.find((p) => p.ruleId === TRIPLE)!;
      const t0 = performance.now();
      await send('POST', `/problems/${triple.id}`, { decision: 'accepted', patientText: ACCEPTED_TEXT });
      timings['save'] = performance.now() - t0;
      const accepted = enc.problems.find((p) => p.id === triple.id)!;
      assert.deepEqual([accepted.decision, accepted.patientText, accepted.onActionPlan], ['accepted', ACCEPTED_TEXT, true]);

      const other = enc.problems.find((p) => p.decision === 'proposed')!;
      const noReason = await send('POST', `/problems/${other.id}`, { decision: 'dismissed' }, 422);
      assert.equal(noReason.json().errors[0].pointer, '/dismissReason');
      const shortReason = await send('POST', `/problems/${other.id}`, { decision: 'dismissed', dismissReason: ' x ' }, 422);
      assert.equal(shortReason.json().errors[0].pointer, '/dismissReason');
      await send('POST', `/problems/${other.id}`, { decision: 'dismissed', dismissReason: 'Prescriber already aware; labs ordered last week' });
      dismissed = enc.problems.find((p) => p.id === other.id)!;
      assert.deepEqual([dismissed.decision, dismissed.dismissReason], ['dismissed', 'Prescriber already aware; labs ordered last week']);

      const stale = await api.req('POST', `/api/encounters/${enc.id}/problems/${other.id}`, { cookie: ph, body: { version: enc.version - 1, decision: 'accepted' } });
      assert.equal(stale.statusCode, 409, stale.body);
      assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(stale.json().detail, 'This encounter was changed by someone else; reload');
      assert.equal((await send('POST', `/problems/${randomUUID()}`, { decision: 'accepted' }, 404)).statusCode, 404);
      assert.equal((await send('POST', `/problems/${triple.id}`, { decision: 'maybe' }, 422)).json().errors[0].pointer, '/decision');
      assert.equal((await send('POST', `/problems/${triple.id}`, { decision: 'accepted', extra: 1 }, 422)).statusCode, 422);
    });

    it('adds a problem by hand, an intervention, a reconciliation entry and time', async () => {
      const n = enc.problems.length;
      await send('POST', '/problems', {
        category: 'non-adherence', severity: 'moderate', title: 'Skips evening doses', summary: 'Reports missing about 3 doses a week.',
        recommendation: 'Simplify to once-daily dosing where possible.', patientText: 'Use a weekly pill box to keep track of your doses.',
      });
      assert.equal(enc.problems.length, n + 1);
      const manual = enc.problems[n]!;
      assert.deepEqual([manual.ruleId, manual.decision, manual.onActionPlan, manual.drugs], [null, 'accepted', true, []]);

      await send('POST', '/interventions', { problemId: manual.id, kind: 'education', detail: 'Showed how to fill a pill box', teachBack: true });
      assert.deepEqual(enc.interventions.map((i) => [i.problemId, i.kind, i.teachBack]), [[manual.id, 'education', true]]);
      assert.equal((await send('POST', '/interventions', { problemId: randomUUID(), kind: 'other', detail: 'x' }, 422)).json().errors[0].pointer, '/problemId');

      await send('PUT', `/reconciliation/${api.fx.rosaLisinopril}`, { action: 'confirmed' });
      await send('PUT', `/reconciliation/${api.fx.rosaLisinopril}`, { action: 'changed-sig', newSig: 'Take 1 tablet by mouth every evening', note: 'moved to evening' });
      assert.deepEqual(enc.reconciliation, [{ medicationId: api.fx.rosaLisinopril, action: 'changed-sig', note: 'moved to evening', newSig: 'Take 1 tablet by mouth every evening', previousSig: null, addedInReview: false }]);
      // the reason comes later: the page saves the choice at once, then the words
      await send('PUT', `/reconciliation/${naproxen}`, { action: 'stopped' });
      await send('PUT', `/reconciliation/${hctz}`, { action: 'not-taking', note: NOT_TAKING });
      assert.equal(enc.previousReview, null, 'no earlier signed review to carry forward');
      for (const med of [api.fx.olgaMetformin, randomUUID()]) {
        const bad = await send('PUT', `/reconciliation/${med}`, { action: 'confirmed' }, 422);
        assert.equal(bad.json().errors[0].pointer, '/medicationId');
      }

      await send('POST', '/time', { activity: 'prework', minutes: 10 });
      await send('POST', '/time', { activity: 'interview', minutes: 25 });
      assert.equal(enc.totalMinutes, 35);
      assert.deepEqual(enc.time.map((t) => [t.activity, t.minutes, t.userName, t.createdAt]), [
        ['prework', 10, 'A pharmacist', '2026-06-15T15:00:00.000Z'],
        ['interview', 25, 'A pharmacist', '2026-06-15T15:00:00.000Z'],
      ]);
      for (const minutes of [0, 601, 2.5]) assert.equal((await send('POST', '/time', { activity: 'interview', minutes }, 422)).json().errors[0].pointer, '/minutes');
      assert.equal((await send('POST', '/time', { activity: 'napping', minutes: 5 }, 422)).json().errors[0].pointer, '/activity');
    });

    it('adds a herbal product the patient reports from the review: chart entry and reconciliation, bad input refused with nothing written', async () => {
      const written = async () => [
        await count('SELECT count(*)::int AS n FROM medications WHERE patient_id = $1', [api.fx.rosa]),
        await count('SELECT count(*)::int AS n FROM mtm_reconciliation WHERE encounter_id = $1', [enc.id]),
        await count(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('medication.create', 'encounter.medication-add') AND outcome = 'success'`),
      ];
      const before = await written();
      const v = enc.version;
      const bad = async (body: Record<string, unknown>, status: number) => {
        const res = await api.req('POST', `/api/encounters/${enc.id}/medications`, { cookie: ph, body: { version: v, ...body } });
        assert.equal(res.statusCode, status, res.body);
        return res.json() as { detail: string; errors?: { pointer: string; message: string }[] };
      };
      // every bad field of the chart's own medication entry, located, in one answer
      const shape = await bad({ display: '  ', source: 'prescription', rxcui: 'abc', startDate: '2026-02-30' }, 422);
      assert.deepEqual(shape.errors!.map((e) => e.pointer).sort(), ['/display', '/rxcui', '/source', '/startDate']);
      assert.match(shape.errors!.find((e) => e.pointer === '/source')!.message, /OTC, herbal or supplement/);
      // checks that need the record, as the chart makes them: inside the transaction, so nothing is left behind
      assert.deepEqual((await bad({ display: WORT, source: 'herbal', startDate: '2026-07-01' }, 422)).errors!.map((e) => e.pointer), ['/startDate']);
      assert.deepEqual((await bad({ display: WORT, source: 'herbal', startDate: '1940-01-01' }, 422)).errors!.map((e) => e.pointer), ['/startDate']);
      assert.deepEqual((await bad({ display: WORT, source: 'herbal', prescriberId: randomUUID() }, 422)).errors!.map((e) => e.pointer), ['/prescriberId']);
      assert.equal((await bad({ display: WORT, source: 'herbal', dose: 300 }, 422)).errors!.length, 1);
      const stale = await api.req('POST', `/api/encounters/${enc.id}/medications`, { cookie: ph, body: { version: v - 1, display: WORT, source: 'herbal' } });
      assert.equal(stale.statusCode, 409, stale.body);
      for (const user of ['a-technician', 'a-manager']) {
        const res = await api.req('POST', `/api/encounters/${enc.id}/medications`, { cookie: await api.login(user), body: { version: v, display: WORT, source: 'herbal' } });
        assert.equal(res.statusCode, 403, `${user}: ${res.body}`);
      }
      assert.deepEqual(await written(), before, 'no chart medication, reconciliation entry or audit row from refused input');
      assert.equal(((await api.req('GET', `/api/encounters/${enc.id}`, { cookie: ph })).json() as Encounter).version, v);

      await send('POST', '/medications', { display: WORT, source: 'herbal', sig: 'Take 1 capsule by mouth every morning', indication: 'low mood' });
      const entry = enc.reconciliation.at(-1)!;
      wort = entry.medicationId;
      assert.deepEqual(entry, { medicationId: wort, action: 'confirmed', note: null, newSig: null, previousSig: null, addedInReview: true });
      const med = (await chartMeds()).find((m) => m.id === wort)!;
      assert.deepEqual([med.display, med.source, med.sig, med.status, med.recordedFrom], [WORT, 'herbal', 'Take 1 capsule by mouth every morning', 'active', 'patient']);
      const [meds, recs, audits] = await written();
      assert.deepEqual([meds, recs, audits], [before[0]! + 1, before[1]! + 1, before[2]! + 2], 'one medication, one entry, audited as a chart entry and as a review change');
    });

    it('keeps addenda and the sent takeaway for after signing', async () => {
      const early = await api.req('POST', `/api/encounters/${enc.id}/addenda`, { cookie: ph, body: { text: 'Too early' } });
      assert.equal(early.statusCode, 409, early.body);
      const sent = await send('POST', '/takeaway-sent', { method: 'mail', sentOn: '2026-06-15' }, 409);
      assert.match(sent.json().detail, /Sign the CMR/);
    });

    it('signs (pharmacists only) once documented, then locks', async () => {
      for (const p of enc.problems.filter((x) => x.decision === 'proposed')) await send('POST', `/problems/${p.id}`, { decision: 'accepted', onActionPlan: false });
      assert.equal((await send('PATCH', '', { followUpDate: '2026-06-01' }, 422)).json().errors[0].pointer, '/followUpDate');
      assert.equal((await send('PATCH', '', { status: 'signed' }, 422)).json().errors[0].pointer, '/status');
      await send('PATCH', '', { deliveryMethod: 'phone', recipient: 'patient', goals: 'Blood pressure under 130/80', followUpDate: '2026-07-15', followUpNote: 'Call about kidney labs', status: 'documented' });
      assert.deepEqual([enc.status, enc.deliveryMethod, enc.recipient, enc.followUpDate, enc.goals], ['documented', 'phone', 'patient', '2026-07-15', 'Blood pressure under 130/80']);

      api.clock.advanceMinutes(10);
      const mgr = await api.login('a-manager');
      assert.equal((await api.req('POST', `/api/encounters/${enc.id}/sign`, { cookie: mgr, body: { version: enc.version } })).statusCode, 403);
      // the chart records why a medication was stopped: no signature (and no chart change) without the reason
      const noReason = (await send('POST', '/sign', {}, 422)).json() as { detail: string; errors: { pointer: string; message: string }[] };
      const at = enc.reconciliation.findIndex((r) => r.medicationId === naproxen);
      assert.deepEqual(noReason.errors.map((e) => e.pointer), [`/reconciliation/${at}/note`]);
      assert.match(noReason.detail, /reconciliation/);
      assert.match(noReason.errors[0]!.message, /Naproxen sodium 220 MG Oral Tablet" is marked stopped: say why/);
      assert.equal((await chartMeds()).find((m) => m.id === naproxen)!.status, 'active');
      await send('PUT', `/reconciliation/${naproxen}`, { action: 'stopped', note: STOP_REASON });
      await send('POST', '/sign', {});
      assert.deepEqual([enc.status, enc.signedAt], ['signed', '2026-06-15T15:10:00.000Z']);
      assert.ok(enc.signedBy, 'the signer is recorded');

      const locked = await send('PATCH', '', { goals: 'changed' }, 409);
      assert.equal(locked.json().detail, 'Signed encounters change only by addenda');
      for (const [path, body] of [
        [`/problems/${dismissed.id}`, { decision: 'accepted' }],
        ['/time', { activity: 'follow-up', minutes: 5 }],
        [`/reconciliation/${api.fx.rosaLisinopril}`, { action: 'confirmed' }],
        ['/sign', {}],
        ['/medications', { display: 'Fish oil 1000 MG Oral Capsule', source: 'supplement' }],
      ] as const) {
        assert.equal((await send(path.startsWith('/reconciliation') ? 'PUT' : 'POST', path, body, 409)).statusCode, 409);
      }
      assert.equal(await count(`SELECT count(*)::int AS n FROM medications WHERE display LIKE 'Fish oil%'`), 0, 'nothing added to a signed review');

      const short = await api.req('POST', `/api/encounters/${enc.id}/addenda`, { cookie: ph, body: { text: 'no' } });
      assert.equal(short.statusCode, 422);
      assert.equal(short.json().errors[0].pointer, '/text');
      api.clock.advanceMinutes(20);
      const add = await api.req('POST', `/api/encounters/${enc.id}/addenda`, { cookie: ph, body: { text: 'Patient called: naproxen stopped on 06-15.' } });
      assert.equal(add.statusCode, 200, add.body);
      enc = add.json() as Encounter;
      assert.deepEqual(enc.addenda.map((a) => [a.text, a.userName, a.createdAt]), [['Patient called: naproxen stopped on 06-15.', 'A pharmacist', '2026-06-15T15:30:00.000Z']]);
      await assert.rejects(api.ctx.db.query(`UPDATE mtm_addenda SET text = 'rewritten'`), /append-only/);
      await assert.rejects(api.ctx.db.query(`DELETE FROM mtm_addenda`), /append-only/);
    });

    it('writes the reconciliation back to the chart in the signing transaction, with audit rows', async () => {
      const meds = await chartMeds();
      const med = (id: string) => meds.find((m) => m.id === id)!;
      // stopped: ends on the review date with the reason; off the active list
      assert.deepEqual([med(naproxen).status, med(naproxen).stopDate, med(naproxen).stopReason], ['stopped', '2026-06-15', STOP_REASON]);
      // changed sig: the new directions on the chart, the old ones kept on the review
      assert.equal(med(api.fx.rosaLisinopril).sig, 'Take 1 tablet by mouth every evening');
      assert.equal(enc.reconciliation.find((r) => r.medicationId === api.fx.rosaLisinopril)!.previousSig, 'Take 1 tablet by mouth daily');
      // not taking: the order is unchanged, the finding shows beside it on the chart
      assert.deepEqual([med(hctz).status, med(hctz).sig, med(hctz).stopDate], ['active', 'Take 1 tablet by mouth every morning', null]);
      assert.deepEqual(med(hctz).lastReview, { encounterId: enc.id, kind: 'cmr', date: '2026-06-15', action: 'not-taking', note: NOT_TAKING, newSig: null });
      assert.equal(med(wort).lastReview!.action, 'confirmed');
      assert.equal(med(wort).status, 'active');

      const rows = await api.ctx.db.query<{ action: string; resource_id: string; detail: Record<string, unknown> }>(
        `SELECT action, resource_id, detail FROM audit_log WHERE detail->>'via' = 'encounter.sign' ORDER BY id`,
      );
      assert.deepEqual(rows.map((r) => [r.action, r.resource_id]), [['medication.update', api.fx.rosaLisinopril], ['medication.stop', naproxen]]);
      assert.deepEqual(rows[0]!.detail, { fields: ['sig'], from: 'Take 1 tablet by mouth daily', to: 'Take 1 tablet by mouth every evening', via: 'encounter.sign', encounterId: enc.id });
      assert.deepEqual(rows[1]!.detail, { stopDate: '2026-06-15', stopReason: STOP_REASON, via: 'encounter.sign', encounterId: enc.id });
      const sign = await api.ctx.db.query<{ detail: { chart: Record<string, string[]> } }>(`SELECT detail FROM audit_log WHERE action = 'encounter.sign' AND outcome = 'success' AND resource_id = $1`, [enc.id]);
      assert.deepEqual(sign[0]!.detail.chart, { stopped: [naproxen], alreadyStopped: [], sigChanged: [api.fx.rosaLisinopril] });
    });

    it('produces the takeaway PDF with the accepted action-plan items only, and HTML', async () => {
      const res = await timed('takeaway-pdf', () => api.req('GET', `/api/encounters/${enc.id}/takeaway?lang=en&format=pdf`, { cookie: ph }));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="takeaway-en.pdf"');
      assert.equal(res.rawPayload.subarray(0, 4).toString('latin1'), '%PDF');
      const pdf = spawnSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload, encoding: 'utf8' });
      assert.equal(pdf.status, 0, pdf.stderr);
      const text = flat(pdf.stdout);
      assert.match(text, /Medication Action Plan/);
      assert.doesNotMatch(text, /DRAFT/, "a signed review's takeaway is final: no draft banner");
      assert.ok(text.includes(ACCEPTED_TEXT), 'accepted patient text on the action plan');
      assert.ok(text.includes('Use a weekly pill box to keep track of your doses.'), 'hand-added problem on the action plan');
      assert.ok(!text.includes(flat(dismissed.patientText).slice(0, 60)), 'dismissed problem not on the action plan');
      assert.ok(text.includes('A pharmacist'), 'pharmacist name');
      assert.ok(text.includes('Take 1 tablet by mouth every evening'), 'reconciled sig on the medication list');
      assert.ok(text.includes(WORT) && text.includes('Take 1 capsule by mouth every morning'), 'the herbal product added in the review is on the list');
      const stopped = text.slice(text.indexOf('Naproxen sodium 220 MG Oral Tablet'));
      assert.match(stopped, /^Naproxen sodium 220 MG Oral Tablet .*Date I stopped using it: June 15, 2026 Why I stopped using it: Kidney risk with lisinopril and/, 'stopped at the review: date and why');
      assert.match(text, /Hydrochlorothiazide 25 MG Oral Tablet .*Date I stopped using it: Why I stopped/, 'an active medication has those blank');

      const html = await api.req('GET', `/api/encounters/${enc.id}/takeaway?lang=es&format=html`, { cookie: ph });
      assert.equal(html.statusCode, 200);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      assert.equal(html.headers['content-disposition'], 'attachment; filename="takeaway-es.html"');
      assert.match(html.body, /Plan de acci/);
      assert.equal((await api.req('GET', `/api/encounters/${enc.id}/takeaway?lang=fr`, { cookie: ph })).json().errors[0].pointer, '/lang');
    });

    it('records the takeaway as sent after signing, within the allowed dates, once', async () => {
      // until it is sent, the signed CMR is on the work queue's takeaways-due list with its 14-day date
      const due = (await api.req('GET', '/api/takeaways-due', { cookie: ph })).json() as { items: { encounterId: string; dueDate: string }[] };
      assert.deepEqual(due.items.filter((d) => d.encounterId === enc.id).map((d) => d.dueDate), ['2026-06-29']);
      assert.equal((await api.req('GET', '/api/takeaways-due', { cookie: await api.login('a-auditor') })).statusCode, 403);
      assert.equal((await send('POST', '/takeaway-sent', { method: 'mail', sentOn: '2026-06-16' }, 422)).json().errors[0].pointer, '/sentOn');
      assert.equal((await send('POST', '/takeaway-sent', { method: 'mail', sentOn: '2026-06-14' }, 422)).json().errors[0].pointer, '/sentOn');
      await send('POST', '/takeaway-sent', { method: 'mail', sentOn: '2026-06-15' });
      assert.deepEqual([enc.takeawaySentAt, enc.takeawaySentMethod, enc.takeawayDueDate], ['2026-06-15', 'mail', '2026-06-29']);
      await send('POST', '/takeaway-sent', { method: 'email', sentOn: '2026-06-15' }, 409);
      const list = (await api.req('GET', `/api/patients/${api.fx.rosa}/encounters`, { cookie: ph })).json() as { items: { status: string; takeawaySentAt: string; totalMinutes: number }[] };
      assert.deepEqual([list.items[0]!.status, list.items[0]!.takeawaySentAt, list.items[0]!.totalMinutes], ['signed', '2026-06-15', 35]);
      const after = (await api.req('GET', '/api/takeaways-due', { cookie: ph })).json() as { items: { encounterId: string }[] };
      assert.ok(!after.items.some((d) => d.encounterId === enc.id), 'a sent takeaway is no longer due');
    });

    it('starts a TMR with a focus and no takeaway due date', async () => {
      const res = await timed('create-again', () => api.req('POST', `/api/patients/${api.fx.rosa}/encounters`, { cookie: ph, body: { kind: 'tmr', focus: 'Knee pain without NSAIDs' } }));
      assert.equal(res.statusCode, 201, res.body);
      tmr = res.json() as Encounter;
      assert.deepEqual([tmr.kind, tmr.focus, tmr.takeawayDueDate], ['tmr', 'Knee pain without NSAIDs', null]);
      // what the CMR decided, per medication, for the pharmacist to see beside each one
      const prev = tmr.previousReview!;
      assert.deepEqual([prev.encounterId, prev.kind, prev.date, prev.signedByName], [enc.id, 'cmr', '2026-06-15', 'A pharmacist']);
      assert.deepEqual(prev.entries.map((e) => [e.display, e.action, e.newSig, e.note]), [
        ['lisinopril 10 MG Oral Tablet', 'changed-sig', 'Take 1 tablet by mouth every evening', 'moved to evening'],
        ['Naproxen sodium 220 MG Oral Tablet', 'stopped', null, STOP_REASON],
        ['Hydrochlorothiazide 25 MG Oral Tablet', 'not-taking', null, NOT_TAKING],
        [WORT, 'confirmed', null, null],
      ]);
      // naproxen was stopped at the CMR: not active any more, so the NSAID + ACE inhibitor + diuretic problem is gone
      assert.ok(!tmr.problems.some((p) => p.ruleId === TRIPLE), 'no triple whammy without naproxen');
      assert.ok(!(await chartMeds()).some((m) => m.id === naproxen && m.status === 'active'), 'naproxen is not active on the chart');
      assert.equal((await api.req('POST', `/api/patients/${api.fx.rosa}/encounters`, { cookie: ph, body: { kind: 'xmr' } })).json().errors[0].pointer, '/kind');
    });

    it('refuses a signature the chart cannot take, located at the entry, and changes nothing', async () => {
      const sendTmr = async (method: 'POST' | 'PUT', path: string, body: Record<string, unknown>, expect = 200) => {
        const res = await api.req(method, `/api/encounters/${tmr.id}${path}`, { cookie: ph, body: { version: tmr.version, ...body } });
        assert.equal(res.statusCode, expect, res.body);
        if (expect === 200) tmr = res.json() as Encounter;
        return res;
      };
      // entered in the chart with a start date after the review's: it cannot be stopped on the review date
      const famotidine = (await api.ctx.db.query<{ id: string }>(
        `INSERT INTO medications (org_id, patient_id, display, source, sig, start_date) VALUES ($1, $2, 'Famotidine 20 MG Oral Tablet', 'prescription', 'Take 1 tablet by mouth at bedtime', '2026-06-20') RETURNING id`,
        [api.fx.orgA, api.fx.rosa],
      ))[0]!.id;
      await sendTmr('PUT', `/reconciliation/${famotidine}`, { action: 'stopped', note: 'Heartburn gone' });
      await sendTmr('PUT', `/reconciliation/${api.fx.rosaLisinopril}`, { action: 'changed-sig' });
      for (const p of tmr.problems) await sendTmr('POST', `/problems/${p.id}`, { decision: 'accepted' });
      const chartBefore = await chartMeds();
      const refused = (await sendTmr('POST', '/sign', {}, 422)).json() as { detail: string; errors: { pointer: string; message: string }[] };
      assert.equal(refused.detail, 'Complete the medication reconciliation before signing');
      assert.deepEqual(refused.errors.map((e) => e.pointer), ['/reconciliation/0/action', '/reconciliation/1/newSig']);
      assert.match(refused.errors[0]!.message, /started on 2026-06-20, after this review \(2026-06-15\)/);
      assert.deepEqual(await chartMeds(), chartBefore, 'the chart is unchanged');
      assert.equal(((await api.req('GET', `/api/encounters/${tmr.id}`, { cookie: ph })).json() as Encounter).status, 'in-progress');

      await sendTmr('PUT', `/reconciliation/${famotidine}`, { action: 'confirmed' });
      await sendTmr('PUT', `/reconciliation/${api.fx.rosaLisinopril}`, { action: 'changed-sig', newSig: 'Take 1 tablet by mouth every evening with food' });
      api.clock.advanceMinutes(5);
      await sendTmr('POST', '/sign', {});
      assert.equal(tmr.status, 'signed');
      assert.equal((await chartMeds()).find((m) => m.id === api.fx.rosaLisinopril)!.sig, 'Take 1 tablet by mouth every evening with food');
      assert.equal(tmr.reconciliation.find((r) => r.medicationId === api.fx.rosaLisinopril)!.previousSig, 'Take 1 tablet by mouth every evening');
      // a signed review keeps the review signed before it as its previous one
      assert.equal(tmr.previousReview?.encounterId, enc.id);
      assert.equal(((await api.req('GET', `/api/encounters/${enc.id}`, { cookie: ph })).json() as Encounter).previousReview, null);
    });

    it('audits every read and change in the same transaction', async () => {
      const rows = await api.ctx.db.query<{ action: string; outcome: string; n: number }>(
        `SELECT action, outcome, count(*)::int AS n FROM audit_log WHERE action LIKE 'encounter.%' AND (patient_id = $1 OR resource_id = $2) GROUP BY action, outcome`,
        [api.fx.rosa, enc.id],
      );
      const n = (action: string, outcome = 'success') => rows.find((r) => r.action === action && r.outcome === outcome)?.n ?? 0;
      assert.equal(n('encounter.create'), 2);
      assert.ok(n('encounter.read') >= 3, 'reads audited');
      assert.ok(n('encounter.problem') >= 4, 'problem decisions audited');
      assert.equal(n('encounter.sign'), 2);
      assert.equal(n('encounter.addendum'), 1);
      assert.equal(n('encounter.takeaway'), 2);
      assert.equal(n('encounter.takeaway-sent'), 1);
      // CMR: 5 reconciliation answers (lisinopril twice, naproxen twice, hydrochlorothiazide), TMR: 4
      const changes = ['encounter.reconciliation', 'encounter.medication-add', 'encounter.time', 'encounter.update', 'encounter.intervention'];
      assert.deepEqual(changes.map((a) => n(a)), [9, 1, 2, 1, 1]);
      assert.ok(n('encounter.create', 'denied') >= 1, 'technician refusal logged');
      const mgr = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'encounter.sign' AND outcome = 'denied' AND username = 'a-manager' AND patient_id = $1`, [api.fx.rosa]);
      assert.equal(mgr[0]!.n, 1, 'manager refusal logged with the patient');
      const foreign = await api.ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE resource_id = $1 AND outcome = 'denied' AND username = 'b-pharmacist'`,
        [enc.id],
      );
      assert.ok(foreign[0]!.n >= 6, 'other-organisation attempts logged');
      // A refused change wrote nothing but its refusal.
      const total = (await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'encounter.update' AND outcome = 'success'`))[0]!.n;
      assert.equal(total, 1);
    });
  });
}
