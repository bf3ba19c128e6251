// Programs, enrollment, worklist generation, claiming, assignment, outreach and scheduling through the API (issue 5).
// The tests run in order on one database; each builds on what the previous ones left.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertPharmacistProfile, insertUser } from '../../src/store/users.repository.ts';
import { createTestApi, NOW, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

type Item = {
  id: string;
  patientId: string;
  kind: string;
  dueDate: string;
  reason: string;
  priority: number;
  priorityFactors: { factor: string; points: number }[];
  status: string;
  assignedTo: { id: string; name: string } | null;
  scheduledAt: string | null;
  language: string;
  state: string | null;
  closedReason: string | null;
  pharmacy: { id: string; name: string; state: string } | null;
};

for (const kind of testDbKinds()) {
  describe(`worklists API (${kind})`, () => {
    let api: TestApi;
    const cookies: Record<string, string> = {};
    let pharmacistId: string;
    let njPharmacistId: string;
    let ada: string;
    let partd: string;
    let rosaEnrollment: string;
    let adaEnrollment: string;
    const items: Record<string, Item> = {};
    const pharmacies = { main: '', mail: '' };

    const as = (who: string) => ({ cookie: cookies[who]! });
    const queue = async (qs = '', who = 'manager') => {
      const res = await api.req('GET', `/api/worklist${qs}`, as(who));
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: Item[]; total: number; counts: Record<string, number> };
    };
    const item = async (id: string) => (await api.req('GET', `/api/worklist/${id}`, as('manager'))).json() as Item;

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15T15:00Z
      for (const role of ['manager', 'pharmacist', 'technician']) cookies[role] = await api.login(`a-${role}`);
      cookies['other'] = await api.login('b-pharmacist');
      const db = api.ctx.db;
      pharmacistId = (await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'a-pharmacist'`))[0]!.id;
      await insertPharmacistProfile(db, {
        userId: pharmacistId,
        orgId: api.fx.orgA,
        npi: '1234567893',
        languages: ['en', 'es'],
        specialties: ['diabetes'],
        capacityPerWeek: 10,
        licenses: [{ state: 'NY', number: 'NY-123', expiresOn: '2027-12-31' }],
      });
      const hash = (await db.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE id = $1`, [pharmacistId]))[0]!.h;
      njPharmacistId = await insertUser(db, { orgId: api.fx.orgA, username: 'a-pharmacist-nj', displayName: 'Nia Jersey', role: 'pharmacist', passwordHash: hash });
      await insertPharmacistProfile(db, {
        userId: njPharmacistId,
        orgId: api.fx.orgA,
        npi: '1245319599',
        languages: ['en'],
        specialties: [],
        capacityPerWeek: null,
        licenses: [{ state: 'NJ', number: 'NJ-9', expiresOn: null }],
      });
      // Ada: 86, Spanish-speaking. Rosa: 8 active medications including warfarin, discharged from hospital 2026-06-10.
      ada = (
        await db.query<{ id: string }>(
          `INSERT INTO patients (org_id, first_name, last_name, birth_date, sex, state, language) VALUES ($1, 'Ada', 'Lopez', '1940-01-15', 'female', 'NY', 'es') RETURNING id`,
          [api.fx.orgA],
        )
      )[0]!.id;
      const meds = ['warfarin sodium 5 MG Oral Tablet', 'metformin 500 MG Oral Tablet', 'atorvastatin 20 MG Oral Tablet', 'amlodipine 5 MG Oral Tablet',
        'omeprazole 20 MG Delayed Release Oral Capsule', 'levothyroxine 50 MCG Oral Tablet', 'furosemide 20 MG Oral Tablet'];
      for (const m of meds) {
        await db.query(`INSERT INTO medications (org_id, patient_id, display, source, start_date) VALUES ($1, $2, $3, 'prescription', '2026-01-01')`, [api.fx.orgA, api.fx.rosa, m]);
      }
      await db.query(
        `INSERT INTO encounters (org_id, patient_id, kind, start_date, end_date, facility) VALUES ($1, $2, 'inpatient', '2026-06-05', '2026-06-10', 'Mercy Hospital')`,
        [api.fx.orgA, api.fx.rosa],
      );
    });
    after(() => api.close());

    it('rejects invalid program definitions with the rule they break', async () => {
      const bad = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Part D 2026', kind: 'partd', year: 2026, criteria: { minCoreDiseases: 2, minDrugs: 9, costThreshold: 1700 } } });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.match(bad.json().detail, /minDrugs 9: CMS allows plans to require at most 8 Part D drugs \(42 CFR 423\.153\(d\)\(2\)\)/);
      assert.equal(bad.json().errors[0].pointer, '/criteria/minDrugs');
      const noCost = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Part D 2026', kind: 'partd', year: 2026, criteria: { minCoreDiseases: 2, minDrugs: 8 } } });
      assert.equal(noCost.statusCode, 422);
      assert.match(noCost.json().detail, /costThreshold is required for 2026/);
      const panel = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Clinic panel', kind: 'clinic', year: 2026, criteria: { pdcBelow: 80 } } });
      assert.equal(panel.statusCode, 422);
      assert.equal(panel.json().errors[0].pointer, '/criteria/pdcBelow');
      assert.match(panel.json().detail, /fraction such as 0\.8/);
      const tech = await api.req('POST', '/api/programs', { ...as('technician'), body: { name: 'X', kind: 'clinic', year: 2026 } });
      assert.equal(tech.statusCode, 403);

      const ok = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Part D 2026', kind: 'partd', year: 2026, criteria: { contract: 'H1234', minCoreDiseases: 2, minDrugs: 8, costThreshold: 1700 } } });
      assert.equal(ok.statusCode, 201, ok.body);
      partd = ok.json().id;
      assert.deepEqual([ok.json().criteria.minDrugs, ok.json().criteria.includeDmp, ok.json().criteria.costThreshold], [8, true, 1700]);
      const clinic = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'High-risk panel', kind: 'clinic', year: 2026, criteria: { highRiskDrugClasses: ['anticoagulant', 'opioid'], a1cAbove: 9, pdcBelow: 0.8 } } });
      assert.equal(clinic.statusCode, 201, clinic.body);
      const dup = await api.req('POST', '/api/programs', { ...as('manager'), body: { name: 'Part D 2026', kind: 'partd', year: 2026, criteria: { minCoreDiseases: 2, minDrugs: 8, costThreshold: 1700 } } });
      assert.equal(dup.statusCode, 409);
      const list = await api.req('GET', '/api/programs', as('technician'));
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items.map((p: { name: string }) => p.name).sort(), ['High-risk panel', 'Part D 2026']);
    });

    it('enrolls patients in the program year, once', async () => {
      const enroll = (patientId: string, enrolledOn: string, who = 'manager') =>
        api.req('POST', `/api/programs/${partd}/enrollments`, { ...as(who), body: { patientId, enrolledOn } });
      const rosa = await enroll(api.fx.rosa, '2026-05-01');
      assert.equal(rosa.statusCode, 201, rosa.body);
      rosaEnrollment = rosa.json().id;
      assert.deepEqual([rosa.json().patientName, rosa.json().enrolledOn, rosa.json().optedOutOn], ['Rosa Alvarez', '2026-05-01', null]);
      assert.equal((await enroll(api.fx.rosa, '2026-05-02')).statusCode, 409);
      const wrongYear = await enroll(api.fx.walter, '2025-12-01');
      assert.equal(wrongYear.statusCode, 422);
      assert.match(wrongYear.json().detail, /program year 2026/);
      assert.equal((await enroll(api.fx.walter, '2026-06-01', 'technician')).statusCode, 403);
      assert.equal((await enroll(api.fx.olga, '2026-06-01')).statusCode, 404, 'another organisation’s patient');
      assert.equal((await enroll(api.fx.walter, '2026-06-01')).statusCode, 201);
      const a = await enroll(ada, '2026-04-01');
      assert.equal(a.statusCode, 201);
      adaEnrollment = a.json().id;
      const listed = await api.req('GET', `/api/programs/${partd}/enrollments`, as('pharmacist'));
      assert.equal(listed.json().total, 3);
    });

    it('generates CMR, post-discharge and high-severity DTP items with due dates and explainable priorities, idempotently', async () => {
      const first = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual([first.json().asOf, first.json().enrollments, first.json().created], ['2026-06-15', 3, 6]);
      assert.deepEqual(first.json().interventions, { adherence: 0, dtp: 1, closedNoLongerNeeded: 0 });
      assert.deepEqual(first.json().assessmentErrors, []);
      const again = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: { asOf: '2026-06-15' } });
      assert.equal(again.json().created, 0, 're-running adds nothing');
      assert.deepEqual(again.json().interventions, { adherence: 0, dtp: 0, closedNoLongerNeeded: 0 });
      assert.equal((await api.req('POST', '/api/worklist/generate', { ...as('technician'), body: {} })).statusCode, 403);

      const q = await queue();
      assert.equal(q.total, 6);
      assert.deepEqual(q.counts, { open: 6, claimed: 0, done: 0, 'unable-to-reach': 0, declined: 0, 'not-needed': 0 });
      for (const i of q.items) items[`${i.patientId === api.fx.rosa ? 'rosa' : i.patientId === ada ? 'ada' : 'walter'}-${i.kind}`] = i;
      assert.deepEqual(q.items.map((i) => [i.kind, i.dueDate, i.priority]), [
        ['post-discharge', '2026-06-17', 58],
        ['dtp', '2026-06-22', 48], // Rosa: warfarin with no INR on record, found today, due in a week
        ['cmr', '2026-05-31', 45],
        ['cmr', '2026-06-30', 35],
        ['tmr', '2026-07-01', 10], // Ada: a quarter after enrolling on 2026-04-01, within the 30-day lead
        ['cmr', '2026-07-31', 10],
      ]);
      const rosaCmr = items['rosa-cmr']!;
      assert.match(rosaCmr.reason, /Initial CMR for a new enrollee: enrolled 2026-05-01, to be offered within 60 days/);
      assert.deepEqual(rosaCmr.priorityFactors, [
        { factor: 'initial CMR for a new enrollee', points: 10 },
        { factor: '8 active medications (8 or more)', points: 15 },
        { factor: 'high-risk drug class anticoagulant (warfarin)', points: 10 },
      ]);
      assert.deepEqual(items['ada-cmr']!.priorityFactors, [
        { factor: 'overdue by 15 days', points: 25 },
        { factor: 'initial CMR for a new enrollee', points: 10 },
        { factor: 'age 86 (80 or older)', points: 10 },
      ]);
      assert.match(items['rosa-post-discharge']!.reason, /discharged 2026-06-10 from Mercy Hospital/);
      assert.ok(items['rosa-post-discharge']!.priorityFactors.some((f) => f.factor === 'recent hospital discharge' && f.points === 25), 'the recent discharge adds 25 priority points');
      const dtp = items['rosa-dtp']!;
      assert.equal(dtp.reason, 'High-severity drug therapy problem: No INR in the last 12 weeks on warfarin (warfarin)');
      assert.deepEqual(dtp.priorityFactors, [
        { factor: 'due in 7 days', points: 8 },
        { factor: '1 high-severity drug therapy problem', points: 15 },
        { factor: '8 active medications (8 or more)', points: 15 },
        { factor: 'high-risk drug class anticoagulant (warfarin)', points: 10 },
      ]);

      // filters
      assert.deepEqual((await queue('?language=es')).items.map((i) => i.patientId), [ada, ada]);
      assert.equal((await queue('?state=NJ')).total, 0);
      assert.equal((await queue('?kind=cmr&dueBefore=2026-07-01')).total, 2);
      assert.equal((await queue(`?program=${partd}&limit=1&offset=2`)).items[0]!.id, items['ada-cmr']!.id);
      const bad = await api.req('GET', '/api/worklist?state=XX', as('manager'));
      assert.equal(bad.statusCode, 422);
    });

    it('lets exactly one of two simultaneous claims win', async () => {
      const id = items['rosa-cmr']!.id;
      const [a, b] = await Promise.all([
        api.req('POST', `/api/worklist/${id}/claim`, as('pharmacist')),
        api.req('POST', `/api/worklist/${id}/claim`, as('technician')),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409], `${a.body} ${b.body}`);
      const loser = a.statusCode === 409 ? a : b;
      assert.match(loser.json().detail, /^Already claimed by A (pharmacist|technician)$/);
      const now = await item(id);
      assert.equal(now.status, 'claimed');
      assert.equal((await api.req('POST', `/api/worklist/${id}/claim`, as('manager'))).statusCode, 403, 'managers assign, they do not claim');
      const mine = await queue('?assignedTo=me', a.statusCode === 200 ? 'pharmacist' : 'technician');
      assert.deepEqual(mine.items.map((i) => i.id), [id]);
    });

    it('assigns only to a pharmacist licensed in the patient state, and suggests who fits', async () => {
      const id = items['walter-cmr']!.id;
      const nj = await api.req('POST', `/api/worklist/${id}/assign`, { ...as('manager'), body: { userId: njPharmacistId } });
      assert.equal(nj.statusCode, 422);
      assert.match(nj.json().detail, /Nia Jersey holds no active pharmacist licence in NY \(licensed in: NJ\): a pharmacist may only serve patients located in a state where they are licensed/);
      const tech = await api.req('POST', `/api/worklist/${id}/assign`, { ...as('technician'), body: { userId: pharmacistId } });
      assert.equal(tech.statusCode, 403);
      const ok = await api.req('POST', `/api/worklist/${id}/assign`, { ...as('manager'), body: { userId: pharmacistId } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().status, ok.json().assignedTo.id], ['claimed', pharmacistId]);

      const s = await api.req('GET', `/api/worklist/${items['ada-cmr']!.id}/suggestions`, as('manager'));
      assert.equal(s.statusCode, 200, s.body);
      const [best, other] = s.json().items;
      assert.equal(best.userId, pharmacistId);
      assert.equal(best.eligible, true);
      assert.ok(best.reasons.includes('licensed in NY'), 'the best fit is licensed in NY');
      assert.ok(best.reasons.includes("speaks the patient's language (es)"), 'the best fit speaks the patient\'s language');
      assert.ok(best.reasons.some((r: string) => /slots free/.test(r)), 'the best fit has free slots');
      assert.deepEqual([other.userId, other.eligible], [njPharmacistId, false]);
      assert.ok(other.reasons.includes('not licensed in NY'), 'the other pharmacist is shown as not licensed in NY');
    });

    it('logs outreach: three failed attempts mark unable-to-reach, a decline needs a reason', async () => {
      const id = items['ada-cmr']!.id;
      const log = (body: object, who = 'technician', itemId = id) => api.req('POST', `/api/worklist/${itemId}/outreach`, { ...as(who), body });
      const r1 = await log({ channel: 'phone', outcome: 'left-message', note: 'voicemail' });
      assert.equal(r1.statusCode, 201, r1.body);
      assert.equal(r1.json().itemStatus, 'open');
      assert.equal((await log({ channel: 'phone', outcome: 'call-back' })).json().itemStatus, 'open', 'a call-back request is not a failed attempt');
      assert.equal((await log({ channel: 'text', outcome: 'wrong-number' })).json().itemStatus, 'open');
      const r3 = await log({ channel: 'mail', outcome: 'left-message' });
      assert.deepEqual([r3.json().itemStatus, r3.json().failedAttempts], ['unable-to-reach', 3]);
      assert.equal((await item(id)).status, 'unable-to-reach');
      assert.equal((await log({ channel: 'phone', outcome: 'reached' })).statusCode, 409);

      const walterItem = items['walter-cmr']!.id;
      const noReason = await log({ channel: 'phone', outcome: 'declined' }, 'technician', walterItem);
      assert.equal(noReason.statusCode, 422);
      assert.equal(noReason.json().errors[0].pointer, '/declineReason');
      const declined = await log({ channel: 'phone', outcome: 'declined', declineReason: 'Reviews medications with her own doctor' }, 'pharmacist', walterItem);
      assert.equal(declined.json().itemStatus, 'declined');
      const w = await item(walterItem);
      assert.deepEqual([w.status, w.assignedTo?.id], ['declined', pharmacistId]);

      const listed = await api.req('GET', `/api/patients/${ada}/outreach`, as('pharmacist'));
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(listed.json().items.map((a: { outcome: string }) => a.outcome).sort(), ['call-back', 'left-message', 'left-message', 'wrong-number']);
      assert.equal(listed.json().items[0].by.name, 'A technician');
      assert.equal((await api.req('GET', `/api/patients/${ada}/outreach`, as('other'))).statusCode, 404);
      assert.equal((await log({ channel: 'phone', outcome: 'reached' }, 'manager', items['rosa-post-discharge']!.id)).statusCode, 403);
    });

    it('books appointments: licensed pharmacist, no double-booking, queue and calendar agree', async () => {
      const book = (body: Record<string, unknown>, who = 'technician') =>
        api.req('POST', '/api/appointments', { ...as(who), body: { patientId: api.fx.rosa, pharmacistId, minutes: 30, mode: 'phone', ...body } });
      const cmrId = items['rosa-cmr']!.id;
      const booked = await book({ workItemId: cmrId, start: '2026-06-20T14:00:00Z', mode: 'video' });
      assert.equal(booked.statusCode, 201, booked.body);
      const appt = booked.json();
      assert.deepEqual([appt.start, appt.end, appt.status, appt.workItemKind], ['2026-06-20T14:00:00.000Z', '2026-06-20T14:30:00.000Z', 'booked', 'cmr']);
      assert.deepEqual(appt.reminders, [
        { sendAt: '2026-06-19T14:00:00.000Z', channel: 'text' },
        { sendAt: '2026-06-20T12:00:00.000Z', channel: 'phone' },
      ]);
      // The queue item now carries the slot and belongs to the booked pharmacist.
      const inQueue = (await queue('?assignedTo=me', 'pharmacist')).items.find((i) => i.id === cmrId);
      assert.deepEqual([inQueue?.scheduledAt, inQueue?.assignedTo?.id], ['2026-06-20T14:00:00.000Z', pharmacistId]);
      const cal = await api.req('GET', '/api/calendar?from=2026-06-20&to=2026-06-20', as('pharmacist'));
      assert.equal(cal.statusCode, 200, cal.body);
      assert.deepEqual(cal.json().items.map((a: { id: string; patientName: string }) => [a.id, a.patientName]), [[appt.id, 'Rosa Alvarez']]);

      // Two overlapping bookings at once (different starts, so only the locked overlap check can catch it).
      const [x, y] = await Promise.all([book({ start: '2026-06-22T15:00:00Z' }), book({ start: '2026-06-22T15:15:00Z' }, 'pharmacist')]);
      assert.deepEqual([x.statusCode, y.statusCode].sort(), [201, 409], `${x.body} ${y.body}`);
      assert.match((x.statusCode === 409 ? x : y).json().detail, /^Slot taken: A pharmacist already has an appointment from 2026-06-22T15:/);
      const same = await book({ start: '2026-06-20T14:10:00Z' });
      assert.equal(same.statusCode, 409);
      const nj = await book({ start: '2026-06-23T10:00:00Z', pharmacistId: njPharmacistId });
      assert.equal(nj.statusCode, 422);
      assert.match(nj.json().detail, /no active pharmacist licence in NY/);
      assert.equal((await book({ start: '2026-06-10T10:00:00Z' })).statusCode, 422, 'in the past');
      assert.equal((await book({ start: '2026-06-23T10:00:00Z' }, 'other')).statusCode, 404, 'another organisation');
      assert.equal((await book({ start: '2026-06-23T10:00:00Z' }, 'manager')).statusCode, 403);

      // reschedule moves the item's slot and the reminders with it
      const moved = await api.req('PATCH', `/api/appointments/${appt.id}`, { ...as('technician'), body: { start: '2026-06-21T10:00:00Z' } });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().reminders[0].sendAt, '2026-06-20T10:00:00.000Z');
      assert.equal((await item(cmrId)).scheduledAt, '2026-06-21T10:00:00.000Z');
      const noShowEarly = await api.req('PATCH', `/api/appointments/${appt.id}`, { ...as('technician'), body: { status: 'no-show' } });
      assert.equal(noShowEarly.statusCode, 422);
      const cancelled = await api.req('PATCH', `/api/appointments/${appt.id}`, { ...as('technician'), body: { status: 'cancelled', reason: 'patient travelling' } });
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal((await item(cmrId)).scheduledAt, null);
      assert.equal((await api.req('PATCH', `/api/appointments/${appt.id}`, { ...as('technician'), body: { start: '2026-06-25T10:00:00Z' } })).statusCode, 409);
      // the freed slot can be booked again
      assert.equal((await book({ workItemId: cmrId, start: '2026-06-21T10:00:00Z' })).statusCode, 201);
    });

    it('hides other organisations’ items and keeps technicians from assigning', async () => {
      const id = items['rosa-post-discharge']!.id;
      assert.equal((await api.req('GET', `/api/worklist/${id}`, as('other'))).statusCode, 404);
      assert.equal((await api.req('POST', `/api/worklist/${id}/claim`, as('other'))).statusCode, 404);
      assert.equal((await api.req('POST', `/api/worklist/${id}/outreach`, { ...as('other'), body: { channel: 'phone', outcome: 'reached' } })).statusCode, 404);
      assert.equal((await queue('', 'other')).total, 0);
      assert.equal((await api.req('POST', `/api/worklist/${id}/assign`, { ...as('technician'), body: { userId: pharmacistId } })).statusCode, 403);
      const denied = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worklist.assign' AND outcome = 'denied'`);
      assert.ok(denied[0]!.n >= 2, 'the refused assignments are audited as denied');
    });

    it('opts out with a reason code and closes the open items', async () => {
      const noNote = await api.req('POST', `/api/enrollments/${rosaEnrollment}/opt-out`, { ...as('manager'), body: { reason: '99', date: '2026-06-14' } });
      assert.equal(noNote.statusCode, 422);
      assert.equal(noNote.json().errors[0].pointer, '/note');
      const out = await api.req('POST', `/api/enrollments/${adaEnrollment}/opt-out`, { ...as('technician'), body: { reason: '03', date: '2026-06-14' } });
      assert.equal(out.statusCode, 200, out.body);
      assert.deepEqual([out.json().optedOutOn, out.json().optOutReason, out.json().closedItems], ['2026-06-14', '03', 1]);
      assert.equal((await api.req('POST', `/api/enrollments/${adaEnrollment}/opt-out`, { ...as('manager'), body: { reason: '01', date: '2026-06-14' } })).statusCode, 409);
      assert.equal((await api.req('POST', `/api/enrollments/${adaEnrollment}/opt-out`, { ...as('other'), body: { reason: '01', date: '2026-06-14' } })).statusCode, 404);
      const early = await api.req('POST', `/api/enrollments/${rosaEnrollment}/opt-out`, { ...as('manager'), body: { reason: '02', date: '2026-04-01' } });
      assert.equal(early.statusCode, 422);
    });

    it('starts the next cycles from what was done: annual CMR, quarterly TMR', async () => {
      const cmrId = items['rosa-cmr']!.id;
      assert.equal((await api.req('POST', `/api/worklist/${cmrId}/complete`, { ...as('technician'), body: {} })).statusCode, 403);
      const done = await api.req('POST', `/api/worklist/${cmrId}/complete`, { ...as('pharmacist'), body: { completedOn: '2026-06-15' } });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().status, 'done');
      const g = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.equal(g.json().created, 0, 'next CMR is a year away, TMR three months');
      const relogin = async () => {
        for (const role of ['manager', 'pharmacist', 'technician']) cookies[role] = await api.login(`a-${role}`);
      };
      try {
        api.clock.set('2026-08-10T12:00:00Z');
        await relogin(); // sessions end after 30 idle minutes
        const later = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
        assert.equal(later.json().created, 1, later.body);
        const tmr = (await queue('?kind=tmr')).items;
        // Walter: enrolled 2026-06-01, CMR declined → TMR three months after enrollment. Rosa's is due 2026-09-15.
        assert.deepEqual(tmr.map((i) => [i.patientId, i.dueDate, i.reason]), [[api.fx.walter, '2026-09-01', 'Quarterly TMR: enrolled 2026-06-01']]);
        const pd = await item(items['rosa-post-discharge']!.id);
        assert.ok(pd.priorityFactors.some((f) => f.factor === 'overdue by 54 days' && f.points === 30), JSON.stringify(pd.priorityFactors));
        api.clock.set('2026-09-01T12:00:00Z');
        await relogin();
        assert.equal((await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} })).json().created, 1, "Rosa's TMR");
        assert.equal((await queue('?kind=tmr')).total, 2);
      } finally {
        api.clock.set(NOW);
        await relogin();
      }
    });

    it('keeps pharmacy locations and each patient\'s home pharmacy; the queue filters by pharmacy', async () => {
      const add = (body: object, who = 'manager') => api.req('POST', '/api/pharmacies', { ...as(who), body });
      assert.equal((await add({ name: 'Alpha Main Street', state: 'NY' }, 'technician')).statusCode, 403);
      const bad = await add({ name: ' ', state: 'XX', ncpdp: '12', npi: '1234567890' });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/name', '/ncpdp', '/npi', '/state']);
      assert.equal((await api.req('GET', '/api/pharmacies', as('manager'))).json().items.length, 0, 'nothing written');
      const main = await add({ name: 'Alpha Main Street', state: 'NY', ncpdp: '3312345', npi: '1234567893' });
      assert.equal(main.statusCode, 201, main.body);
      assert.deepEqual(main.json(), { id: main.json().id, name: 'Alpha Main Street', state: 'NY', ncpdp: '3312345', npi: '1234567893', patients: 0 });
      pharmacies.main = main.json().id;
      const mail = await add({ name: 'Alpha Mail Service', state: 'NJ' });
      assert.equal(mail.statusCode, 201);
      pharmacies.mail = mail.json().id;
      const dupName = await add({ name: 'Alpha Main Street', state: 'NJ' });
      assert.deepEqual([dupName.statusCode, dupName.json().detail], [409, 'A pharmacy named "Alpha Main Street" already exists']);
      const dupNcpdp = await add({ name: 'Alpha Uptown', state: 'NY', ncpdp: '3312345' });
      assert.deepEqual([dupNcpdp.statusCode, dupNcpdp.json().detail], [409, 'Another pharmacy already has NCPDP id 3312345']);
      assert.deepEqual((await api.req('GET', '/api/pharmacies', as('other'))).json().items, [], 'another organisation sees none');

      const home = (patientId: string, pharmacyId: string | null, who = 'technician') =>
        api.req('PUT', `/api/patients/${patientId}/home-pharmacy`, { ...as(who), body: { pharmacyId } });
      const set = await home(api.fx.rosa, pharmacies.main);
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual([set.json().homePharmacy.name, set.json().homePharmacy.patients], ['Alpha Main Street', 1]);
      assert.equal((await home(api.fx.walter, pharmacies.mail, 'pharmacist')).statusCode, 200);
      assert.equal((await home(api.fx.walter, pharmacies.main, 'manager')).statusCode, 403, 'managers do not edit patient details');
      assert.equal((await home(api.fx.olga, pharmacies.main, 'other')).statusCode, 422, "another organisation's pharmacy");
      assert.equal((await home(api.fx.rosa, pharmacies.main, 'other')).statusCode, 404, "another organisation's patient");
      const unknown = await home(api.fx.walter, '00000000-0000-4000-8000-000000000000');
      assert.deepEqual([unknown.statusCode, unknown.json().errors[0].pointer], [422, '/pharmacyId']);
      const chart = (await api.req('GET', `/api/patients/${api.fx.rosa}`, as('pharmacist'))).json();
      assert.deepEqual(chart.patient.homePharmacy, { id: pharmacies.main, name: 'Alpha Main Street', state: 'NY', ncpdp: '3312345', npi: '1234567893' });
      const logged = await api.ctx.db.query<{ detail: { from: string | null; to: string } }>(
        `SELECT detail FROM audit_log WHERE action = 'patient.home-pharmacy' AND patient_id = $1 AND outcome = 'success'`,
        [api.fx.rosa],
      );
      assert.deepEqual(logged.map((r) => r.detail), [{ from: null, to: pharmacies.main }]);

      // The filter: only that pharmacy's patients, with counts per status over the same filter.
      const everything = await queue('?status=all&limit=200');
      const atMain = await queue(`?status=all&limit=200&pharmacy=${pharmacies.main}`);
      assert.ok(atMain.items.length > 0, 'the pharmacy filter keeps the Main Street items');
      assert.ok(atMain.items.every((i) => i.patientId === api.fx.rosa && i.pharmacy?.name === 'Alpha Main Street'), 'the pharmacy filter shows only Rosa\'s items at Alpha Main Street');
      const expected: Record<string, number> = { open: 0, claimed: 0, done: 0, 'unable-to-reach': 0, declined: 0, 'not-needed': 0 };
      for (const i of everything.items) if (i.patientId === api.fx.rosa) expected[i.status]! += 1;
      assert.deepEqual(atMain.counts, expected);
      assert.equal(atMain.total, atMain.items.length);
      const active = await queue(`?pharmacy=${pharmacies.mail}`);
      assert.deepEqual([...new Set(active.items.map((i) => i.patientId))], [api.fx.walter]);
      assert.equal(active.total, (active.counts['open'] ?? NaN) + (active.counts['claimed'] ?? NaN));
      const badFilter = await api.req('GET', '/api/worklist?pharmacy=main', as('manager'));
      assert.deepEqual([badFilter.statusCode, badFilter.json().errors[0].pointer], [422, '/pharmacy']);
      assert.equal((await home(api.fx.walter, null)).json().homePharmacy, null, 'cleared');
      assert.equal((await queue(`?pharmacy=${pharmacies.mail}`)).total, 0);
      assert.equal((await home(api.fx.walter, pharmacies.mail)).statusCode, 200);
    });

    it('lists the organisation\'s pharmacists with licences, languages, expertise and capacity', async () => {
      const held = items['rosa-post-discharge']!.id;
      assert.equal((await api.req('POST', `/api/worklist/${held}/claim`, as('pharmacist'))).statusCode, 200);
      const res = await api.req('GET', '/api/pharmacists', as('technician'));
      assert.equal(res.statusCode, 200, res.body);
      const [a, nj] = res.json().items;
      assert.equal(res.json().items.length, 2);
      assert.deepEqual(a, {
        userId: pharmacistId, name: 'A pharmacist', npi: '1234567893', languages: ['en', 'es'], specialties: ['diabetes'], capacity: 10, load: 1,
        licences: [{ state: 'NY', expiresOn: '2027-12-31', active: true }],
      });
      assert.deepEqual(nj, { userId: njPharmacistId, name: 'Nia Jersey', npi: '1245319599', languages: ['en'], specialties: [], capacity: 40, load: 0, licences: [{ state: 'NJ', expiresOn: null, active: true }] });
      assert.deepEqual((await api.req('GET', '/api/pharmacists', as('other'))).json().items, [], 'scoped to the organisation');
      const prescriber = await api.login('a-prescriber');
      assert.equal((await api.req('GET', '/api/pharmacists', { cookie: prescriber })).statusCode, 403);
      assert.equal((await api.req('POST', `/api/worklist/${held}/release`, as('pharmacist'))).statusCode, 200);
    });

    it('adds an adherence-rescue item when one refill can still save the year, and closes it as not needed once the patient refills', async () => {
      // Walter's statin, measured from the first fill on 2026-01-01 (365 days, 292 needed): 120 days covered, so
      // 172 days short; every day from 2026-07-13 to year end is 172 days, so that is the last day to refill.
      const fill = (date: string, days: number) =>
        api.ctx.db.query(
          `INSERT INTO fills (org_id, patient_id, rxcui, drug_name, fill_date, days_supply, quantity) VALUES ($1, $2, '617311', 'atorvastatin 40 MG Oral Tablet', $3, $4, $5)`,
          [api.fx.orgA, api.fx.walter, date, days, days],
        );
      await fill('2026-01-01', 90);
      await fill('2026-04-20', 30);
      const g = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.equal(g.statusCode, 200, g.body);
      assert.deepEqual([g.json().created, g.json().interventions], [1, { adherence: 1, dtp: 0, closedNoLongerNeeded: 0 }]);
      const [rescue, ...rest] = (await queue('?kind=adherence')).items;
      assert.equal(rest.length, 0);
      assert.deepEqual([rescue!.patientId, rescue!.dueDate, rescue!.status, rescue!.pharmacy?.name], [api.fx.walter, '2026-07-13', 'open', 'Alpha Mail Service']);
      assert.equal(rescue!.reason, 'Adherence rescue: PDC-STA (statins) is 32.8% this year, below 80.0%; one refill of atorvastatin by 2026-07-13 still brings it to 80.0%');
      assert.deepEqual(rescue!.priorityFactors, [{ factor: 'adherence rescue: PDC-STA at 32.8%, below 80.0%', points: 15 }]);
      assert.equal((await queue(`?kind=adherence&pharmacy=${pharmacies.mail}`)).total, 1);
      assert.equal((await queue(`?kind=adherence&pharmacy=${pharmacies.main}`)).total, 0);
      const again = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.deepEqual([again.json().created, again.json().interventions], [0, { adherence: 0, dtp: 0, closedNoLongerNeeded: 0 }]);

      // He refills for 180 days: 300 of 365 days covered, 82.1%.
      await fill('2026-06-14', 180);
      const after = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.deepEqual([after.json().created, after.json().interventions], [0, { adherence: 0, dtp: 0, closedNoLongerNeeded: 1 }]);
      const closed = await item(rescue!.id);
      assert.deepEqual([closed.status, closed.closedReason], ['not-needed', 'No longer needed on 2026-06-15: PDC-STA is 82.1%, at or above 80.0%']);
      const all = await queue('?kind=adherence&status=all');
      assert.deepEqual([all.total, all.counts['not-needed'], all.counts.open], [1, 1, 0]);
      assert.equal((await queue('?status=not-needed')).total, 1);
      const audited = await api.ctx.db.query<{ detail: { closedItems: string[] } }>(
        `SELECT detail FROM audit_log WHERE action = 'worklist.generate' ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual(audited[0]!.detail.closedItems, [rescue!.id]);
      const last = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.deepEqual([last.json().created, last.json().interventions], [0, { adherence: 0, dtp: 0, closedNoLongerNeeded: 0 }]);
    });

    it('leaves a DTP item someone has started in the queue when its problem goes away', async () => {
      const id = items['rosa-dtp']!.id;
      const call = await api.req('POST', `/api/worklist/${id}/outreach`, { ...as('technician'), body: { channel: 'phone', outcome: 'call-back' } });
      assert.equal(call.statusCode, 201, call.body);
      await api.ctx.db.query(
        `INSERT INTO observations (org_id, patient_id, loinc, display, value_num, unit, effective_date) VALUES ($1, $2, '6301-6', 'INR', 2.4, '{INR}', '2026-06-01')`,
        [api.fx.orgA, api.fx.rosa],
      );
      const screen = await api.req('GET', `/api/patients/${api.fx.rosa}/dtps`, as('pharmacist'));
      assert.ok(!screen.json().findings.some((f: { severity: string; status: string }) => f.severity === 'high' && f.status === 'problem'), 'the INR answers the problem');
      const g = await api.req('POST', '/api/worklist/generate', { ...as('manager'), body: {} });
      assert.deepEqual(g.json().interventions, { adherence: 0, dtp: 0, closedNoLongerNeeded: 0 });
      assert.equal((await item(id)).status, 'open', 'the technician is on it; they close it');
    });
  });
}
