// Structured notes and CMS MTM reporting through the API (issue 6 items 6 and 8), on top of the encounter lifecycle:
// Rosa gets a signed CMR (takeaway sent) and a signed TMR; the note is rendered from the default and from a
// manager's template; her reporting fields and the H1234 2026 beneficiary file follow. Last, Walter's CMR of
// 30 December has its summary sent on 2 January, which the 2026 file refuses (API and CLI), writing nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mtmReportCommand, MtmReportUsageError } from '../../src/cli/mtm-report.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import type { Encounter } from '../../src/domain/encounters.ts';
import type { MtmReportingResponse } from '../../src/domain/mtm-reporting.ts';
import { DEFAULT_NOTE_TEMPLATE } from '../../src/documents/note.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

const HAND_PROBLEM = 'Skips evening doses';
const HEADER = 'contract_number,pbp,mbi,first_name,last_name,date_of_birth,cognitive_impairment,ltc_enrollment,mtm_enrollment_date,opt_out_date,opt_out_reason,cmr_offered,cmr_offer_date,cmr_received,cmr_count,cmr_dates,cmr_delivery_method,cmr_recipient,written_summary_date,tmr_count,first_tmr_date,prescriber_recommendations,therapy_changes';

type Note = { encounterId: string; templateIsDefault: boolean; text: string; sections: { title: string | null; text: string }[] };

for (const kind of testDbKinds()) {
  describe(`structured notes and MTM reporting API (${kind})`, () => {
    let api: TestApi;
    let ph: string;
    let mgr: string;
    let cmr: Encounter;
    let csv: string;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-mtm-report-'));

    /** Runs one change on an encounter with its current version and returns the new state. */
    const change = async (e: Encounter, method: 'POST' | 'PATCH', suffix: string, body: Record<string, unknown>): Promise<Encounter> => {
      const res = await api.req(method, `/api/encounters/${e.id}${suffix}`, { cookie: ph, body: { version: e.version, ...body } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Encounter;
    };
    /** Creates an encounter and decides every screening proposal (dismissed), so it can be signed. */
    const start = async (patientId: string, kind: 'cmr' | 'tmr'): Promise<Encounter> => {
      const res = await api.req('POST', `/api/patients/${patientId}/encounters`, { cookie: ph, body: { kind, ...(kind === 'tmr' ? { focus: 'Blood pressure' } : {}) } });
      assert.equal(res.statusCode, 201, res.body);
      let e = res.json() as Encounter;
      for (const p of e.problems) e = await change(e, 'POST', `/problems/${p.id}`, { decision: 'dismissed', dismissReason: 'Reviewed with the patient; not a problem now' });
      return e;
    };

    /** Moves the frozen clock (sessions idle out after 30 minutes, so log in again). */
    const jump = async (iso: string) => {
      api.clock.set(iso);
      ph = await api.login('a-pharmacist');
      mgr = await api.login('a-manager');
    };

    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15T15:00Z
      ph = await api.login('a-pharmacist');
      mgr = await api.login('a-manager');
      const managerId = (await api.ctx.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'a-manager'`))[0]!.id;
      // A 2026 Part D program naming no contract: the contract comes from the patients' Part D coverage (H1234, PBP 001).
      const programId = (await api.ctx.db.query<{ id: string }>(
        `INSERT INTO programs (org_id, name, kind, year, criteria, created_by) VALUES ($1, 'Part D MTM 2026', 'partd', 2026, '{}', $2) RETURNING id`,
        [api.fx.orgA, managerId],
      ))[0]!.id;
      await api.ctx.db.query(
        `INSERT INTO enrollments (org_id, program_id, patient_id, enrolled_on, opted_out_on, opt_out_reason, created_by) VALUES
           ($1, $2, $3, '2026-02-01', NULL, NULL, $5), ($1, $2, $4, '2026-03-01', '2026-12-31', '03', $5)`,
        [api.fx.orgA, programId, api.fx.rosa, api.fx.walter, managerId],
      );
    });
    after(async () => {
      await api.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('runs a CMR to signed with the takeaway sent, and a TMR two weeks later', async () => {
      let e = await start(api.fx.rosa, 'cmr');
      e = await change(e, 'POST', '/problems', {
        category: 'non-adherence', severity: 'moderate', title: HAND_PROBLEM, summary: 'Reports missing about 3 doses a week.',
        recommendation: 'Simplify to once-daily dosing.', patientText: 'Use a weekly pill box.',
      });
      const problemId = e.problems.find((p) => p.title === HAND_PROBLEM)!.id;
      e = await change(e, 'POST', '/interventions', { problemId, kind: 'prescriber-recommendation', detail: 'Asked Dr Cho to switch to once-daily lisinopril' });
      e = await change(e, 'POST', '/interventions', { problemId, kind: 'cpa-change', detail: 'Moved lisinopril to the morning under the CPA' });
      e = await change(e, 'POST', '/interventions', { problemId: null, kind: 'education', detail: 'Showed how to fill a pill box', teachBack: true });
      e = await change(e, 'POST', '/time', { activity: 'prework', minutes: 10 });
      e = await change(e, 'POST', '/time', { activity: 'interview', minutes: 25 });
      e = await change(e, 'PATCH', '', { deliveryMethod: 'phone', recipient: 'patient', goals: 'No missed doses', status: 'documented' });
      api.clock.advanceMinutes(10);
      e = await change(e, 'POST', '/sign', {});
      cmr = await change(e, 'POST', '/takeaway-sent', { method: 'mail', sentOn: '2026-06-15' });
      assert.deepEqual([cmr.status, cmr.takeawaySentAt, cmr.totalMinutes], ['signed', '2026-06-15', 35]);

      await jump('2026-07-01T14:00:00.000Z');
      let t = await start(api.fx.rosa, 'tmr');
      t = await change(t, 'POST', '/interventions', { kind: 'prescriber-recommendation', detail: 'Suggested home BP monitoring' });
      t = await change(t, 'POST', '/sign', {});
      assert.equal(t.status, 'signed');
    });

    it('renders the note from the default template: accepted problem, time total, signer', async () => {
      const res = await api.req('GET', `/api/encounters/${cmr.id}/note`, { cookie: ph });
      assert.equal(res.statusCode, 200, res.body);
      const note = res.json() as Note;
      assert.equal(note.templateIsDefault, true);
      assert.deepEqual(note.sections.map((s) => s.title), [null, 'Subjective', 'Objective', 'Assessment', 'Plan', 'Time', 'Signature']);
      const section = (t: string) => note.sections.find((s) => s.title === t)!.text;
      assert.match(section('Assessment'), new RegExp(`1\\. ${HAND_PROBLEM} \\[moderate severity; non-adherence\\]\\n {3}Assessment: Reports missing about 3 doses a week\\.\\n {3}Plan: Simplify to once-daily dosing\\.`));
      assert.match(section('Assessment'), /Intervention: \[Change under CPA\] Moved lisinopril to the morning/);
      assert.match(section('Subjective'), /Delivery: Telephone; recipient: Patient/);
      assert.equal(section('Time'), '- Prework: 10 min\n- Interview: 25 min\nTotal: 35 min');
      assert.match(section('Signature'), /^Electronically signed by A pharmacist on 2026-06-15 15:10 UTC/);
      assert.ok(note.text.includes(HAND_PROBLEM) && note.text.includes('Total: 35 min') && note.text.includes('signed by A pharmacist'), 'the note text has the hand-added problem, the time total and the signer');
      assert.match(note.text, /^Comprehensive medication review \(CMR\): 2026-06-15\nPatient: Rosa Alvarez \(born 1948-03-02, age 78, female\)\nOrganization: Alpha Pharmacy/);

      const prescriber = await api.login('a-prescriber');
      assert.equal((await api.req('GET', `/api/encounters/${cmr.id}/note`, { cookie: prescriber })).statusCode, 200);
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/encounters/${cmr.id}/note`, { cookie: b })).statusCode, 404);
    });

    it("lets managers read and replace the organisation's template, refusing unknown placeholders by name and position", async () => {
      const got = await api.req('GET', '/api/note-template', { cookie: mgr });
      assert.equal(got.statusCode, 200, got.body);
      const view = got.json() as { template: string; isDefault: boolean; updatedBy: string | null; placeholders: { name: string }[] };
      assert.deepEqual([view.template, view.isDefault, view.updatedBy], [DEFAULT_NOTE_TEMPLATE, true, null]);
      assert.ok(['problems.accepted', 'time.total', 'signer', 'medications.reconciled'].every((n) => view.placeholders.some((p) => p.name === n)), 'the template view lists the problems, time, signer and reconciled-medication placeholders');

      assert.equal((await api.req('GET', '/api/note-template', { cookie: ph })).statusCode, 403);
      assert.equal((await api.req('PUT', '/api/note-template', { cookie: ph, body: { template: 'x' } })).statusCode, 403);

      const bad = await api.req('PUT', '/api/note-template', { cookie: mgr, body: { template: 'MTM note\nDx: {{diagnosis}} for {{patient.name}}\n{{ signer' } });
      assert.equal(bad.statusCode, 422, bad.body);
      const errors = (bad.json() as { errors: { pointer: string; message: string }[] }).errors;
      assert.deepEqual(errors.map(({ pointer, message }) => ({ pointer, message })), [
        { pointer: '/template', message: 'unknown placeholder {{diagnosis}} at line 2, column 5' },
        { pointer: '/template', message: 'unclosed placeholder "{{ signer" at line 3, column 1: close it with }}' },
      ]);
      assert.equal((await api.req('PUT', '/api/note-template', { cookie: mgr, body: { template: '   ' } })).statusCode, 422);
      assert.equal((await api.req('PUT', '/api/note-template', { cookie: mgr, body: { text: 'x' } })).statusCode, 422);

      const custom = 'Alpha MTM note for {{patient.name}}\n## Problems\n{{problems.accepted}}\n## Minutes\n{{time.total}}\n## Signed\n{{ signer }}\n';
      const put = await api.req('PUT', '/api/note-template', { cookie: mgr, body: { template: custom } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(
        (({ template, isDefault, updatedBy, updatedAt }) => ({ template, isDefault, updatedBy, updatedAt }))(put.json() as typeof view & { updatedAt: string }),
        { template: custom, isDefault: false, updatedBy: 'A manager', updatedAt: '2026-07-01T14:00:00.000Z' },
      );
      assert.equal((((await api.req('GET', '/api/note-template', { cookie: mgr })).json()) as typeof view).template, custom);

      const note = (await api.req('GET', `/api/encounters/${cmr.id}/note`, { cookie: ph })).json() as Note;
      assert.equal(note.templateIsDefault, false);
      assert.deepEqual(note.sections.map((s) => s.title), [null, 'Problems', 'Minutes', 'Signed']);
      assert.deepEqual(note.sections.slice(2), [
        { title: 'Minutes', text: '35 min' },
        { title: 'Signed', text: 'Electronically signed by A pharmacist on 2026-06-15 15:10 UTC' },
      ]);
      assert.ok(note.text.startsWith(`Alpha MTM note for Rosa Alvarez\nProblems\n1. ${HAND_PROBLEM}`), 'the note starts with the custom template\'s title and problem list');
      // Another organisation still has the default.
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', '/api/note-template', { cookie: b })).statusCode, 403);
      const bTemplate = await api.ctx.db.query(`SELECT 1 FROM note_templates WHERE org_id = $1`, [api.fx.orgB]);
      assert.equal(bTemplate.length, 0);
    });

    it("derives Rosa's CMS reporting fields for 2026", async () => {
      const res = await api.req('GET', `/api/patients/${api.fx.rosa}/mtm-reporting?year=2026`, { cookie: ph });
      assert.equal(res.statusCode, 200, res.body);
      const { notes, ...fields } = res.json() as MtmReportingResponse;
      assert.deepEqual(fields, {
        patientId: api.fx.rosa, year: 2026, enrolled: true, programName: 'Part D MTM 2026', contract: 'H1234', pbp: '001', memberId: 'MBR100001',
        firstName: 'Rosa', lastName: 'Alvarez', birthDate: '1948-03-02', cognitiveImpairment: 'U', longTermCare: 'N',
        enrollmentDate: '2026-02-01', optOutDate: null, optOutReason: null,
        cmrOffered: 'Y', cmrOfferDate: '2026-06-15', cmrReceived: 'Y', cmrCount: 1, cmrDates: ['2026-06-15'],
        cmrDeliveryMethod: '02', cmrRecipient: '01', writtenSummaryDate: '2026-06-15',
        tmrCount: 1, firstTmrDate: '2026-07-01', prescriberRecommendations: 2, therapyChanges: 1, issues: [],
      });
      assert.deepEqual(notes, []);

      const y2025 = (await api.req('GET', `/api/patients/${api.fx.rosa}/mtm-reporting?year=2025`, { cookie: mgr })).json() as MtmReportingResponse;
      assert.deepEqual([y2025.enrolled, y2025.cmrCount, y2025.cmrOffered, y2025.contract, y2025.issues], [false, 0, 'N', 'H1234', []]);
      assert.deepEqual(y2025.notes, ['Not enrolled in a Part D MTM program for 2025']);
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}/mtm-reporting?year=twenty`, { cookie: ph })).json().errors[0].pointer, '/year');
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}/mtm-reporting?year=2026`, { cookie: b })).statusCode, 404);
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}/mtm-reporting?year=2026`, { cookie: await api.login('a-auditor') })).statusCode, 403);
    });

    it('exports the H1234 2026 beneficiary file as CSV (managers), and the CLI writes the same file', async () => {
      const res = await api.req('GET', '/api/mtm-report?contract=h1234&year=2026', { cookie: mgr });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="mtm-H1234-2026.csv"');
      csv = res.body;
      assert.deepEqual(csv.split('\r\n'), [
        HEADER,
        'H1234,001,MBR100001,Rosa,Alvarez,1948-03-02,U,N,2026-02-01,,,Y,2026-06-15,Y,1,2026-06-15,02,01,2026-06-15,1,2026-07-01,2,1',
        'H1234,001,MBR100002,Walter,Brennan,1951-11-20,U,N,2026-03-01,2026-12-31,03,N,,N,0,,,,,0,,0,0',
        '',
      ]);
      const other = await api.req('GET', '/api/mtm-report?contract=S5678&year=2026', { cookie: mgr });
      assert.equal(other.body, `${HEADER}\r\n`);
      assert.equal((await api.req('GET', '/api/mtm-report?contract=H1234&year=2026', { cookie: ph })).statusCode, 403);
      assert.equal((await api.req('GET', '/api/mtm-report?contract=X12&year=2026', { cookie: mgr })).json().errors[0].pointer, '/contract');

      const out = path.join(tmp, 'h1234-2026.csv');
      const lines: string[] = [];
      const r = await mtmReportCommand({ org: 'Alpha Pharmacy', contract: 'H1234', year: '2026', out, log: (l) => lines.push(l) }, { db: api.ctx.db });
      assert.deepEqual([r.rows, fs.readFileSync(out, 'utf8'), lines], [2, csv, [`2 beneficiaries of H1234 2026 -> ${out}`]]);
      await assert.rejects(mtmReportCommand({ org: 'Alpha Pharmacy', contract: 'H12', year: '2026', out }, { db: api.ctx.db }), MtmReportUsageError);
      await assert.rejects(mtmReportCommand({ org: 'Nobody', contract: 'H1234', year: '2026', out }, { db: api.ctx.db }), /No organisation named "Nobody"/);
      await assert.rejects(mtmReportCommand({ org: 'Alpha Pharmacy', contract: 'H1234', year: '2026' }, { db: api.ctx.db }), /mtm-report needs --org/);
    });

    it('refuses the whole file when a written summary was sent outside the year, naming member and field', async () => {
      await jump('2026-12-30T15:00:00.000Z');
      let w = await start(api.fx.walter, 'cmr');
      w = await change(w, 'PATCH', '', { deliveryMethod: 'video', recipient: 'caregiver' });
      w = await change(w, 'POST', '/sign', {});
      await jump('2027-01-02T15:00:00.000Z');
      await change(w, 'POST', '/takeaway-sent', { method: 'mail', sentOn: '2027-01-02' });

      const expected = { pointer: '/members/MBR100002/written_summary_date', message: 'member MBR100002: written_summary_date 2027-01-02 is outside 2026' };
      const res = await api.req('GET', '/api/mtm-report?contract=H1234&year=2026', { cookie: mgr });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const body = res.json() as { detail: string; errors: { pointer: string; message: string }[] };
      assert.equal(body.detail, 'The MTM report for H1234 2026 has 1 invalid field in 1 of 2 rows; no file was written');
      assert.deepEqual(body.errors.map(({ pointer, message }) => ({ pointer, message })), [expected]);

      const walter = (await api.req('GET', `/api/patients/${api.fx.walter}/mtm-reporting?year=2026`, { cookie: ph })).json() as MtmReportingResponse;
      assert.deepEqual([walter.cmrCount, walter.cmrDeliveryMethod, walter.cmrRecipient, walter.writtenSummaryDate], [1, '03', '03', '2027-01-02']);
      assert.deepEqual(walter.issues, [{ memberId: 'MBR100002', column: 'written_summary_date', message: expected.message }]);

      const fresh = path.join(tmp, 'refused.csv');
      await assert.rejects(
        mtmReportCommand({ org: 'Alpha Pharmacy', contract: 'H1234', year: '2026', out: fresh }, { db: api.ctx.db }),
        (err: unknown) => err instanceof ValidationError && err.issues.length === 1 && err.issues[0]!.pointer === expected.pointer,
      );
      assert.equal(fs.existsSync(fresh), false, 'no file written');
      const kept = path.join(tmp, 'h1234-2026.csv');
      await assert.rejects(mtmReportCommand({ org: 'Alpha Pharmacy', contract: 'H1234', year: '2026', out: kept }, { db: api.ctx.db }), ValidationError);
      assert.equal(fs.readFileSync(kept, 'utf8'), csv, 'an earlier file is left as it was');
      assert.deepEqual(fs.readdirSync(tmp).sort(), ['h1234-2026.csv'], 'no temporary files left behind');

      const audits = await api.ctx.db.query<{ outcome: string; n: number }>(
        `SELECT outcome, count(*)::int AS n FROM audit_log WHERE action = 'mtm-report.export' GROUP BY outcome ORDER BY outcome`,
      );
      assert.deepEqual(audits, [{ outcome: 'denied', n: 1 }, { outcome: 'error', n: 1 }, { outcome: 'success', n: 2 }]);
    });
  });
}
