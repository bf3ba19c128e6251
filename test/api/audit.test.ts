// Every read and write of patient data lands in the append-only audit log, queryable by an auditor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

for (const kind of testDbKinds()) {
  describe(`audit log (${kind})`, () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api.close());

    it('records who read and changed which patient, when and from where; an auditor can query it', async () => {
      const pharm = await api.login('a-pharmacist');
      await api.req('GET', '/api/patients?q=alvarez', { cookie: pharm, headers: { 'user-agent': 'pharmacy-terminal/1' } });
      await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: pharm, headers: { 'user-agent': 'pharmacy-terminal/1' } });
      const add = await api.req('POST', `/api/patients/${api.fx.rosa}/allergies`, { cookie: pharm, body: { substance: 'codeine', reaction: 'nausea', kind: 'intolerance' } });
      assert.equal(add.statusCode, 201);
      const tech = await api.login('a-technician');
      await api.req('POST', `/api/patients/${api.fx.rosa}/medication-list/sign`, { cookie: tech, body: {} });

      const auditor = await api.login('a-auditor');
      const res = await api.req('GET', `/api/audit?patientId=${api.fx.rosa}`, { cookie: auditor });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items as { action: string; username: string; outcome: string; ip: string; userAgent: string; at: string; resourceId: string }[];
      const actions = items.map((i) => `${i.username}:${i.action}:${i.outcome}`);
      assert.ok(actions.includes('a-pharmacist:patient.read:success'), actions.join());
      assert.ok(actions.includes('a-pharmacist:allergy.create:success'), actions.join());
      const read = items.find((i) => i.action === 'patient.read')!;
      assert.equal(read.userAgent, 'pharmacy-terminal/1');
      assert.equal(read.ip, '127.0.0.1');
      assert.equal(new Date(read.at).toISOString(), '2026-06-15T15:00:00.000Z');
      assert.equal(items.find((i) => i.action === 'allergy.create')!.resourceId, add.json().id);

      const denied = await api.req('GET', '/api/audit?action=medication-list.sign', { cookie: auditor });
      assert.deepEqual(denied.json().items.map((i: { username: string; outcome: string }) => `${i.username}:${i.outcome}`), ['a-technician:denied']);
      const searches = (await api.req('GET', '/api/audit?action=patient.search', { cookie: auditor })).json().items;
      assert.deepEqual(searches[0].detail.shown, [api.fx.rosa]);
      // Filtering by patient finds the search that displayed her too, and outcome filters work.
      assert.ok(actions.includes('a-pharmacist:patient.search:success'), actions.join());
      const deniedOnly = (await api.req('GET', `/api/audit?patientId=${api.fx.rosa}&outcome=denied`, { cookie: auditor })).json().items;
      assert.ok(deniedOnly.length > 0, 'the patient has denied entries');
      assert.ok(deniedOnly.every((i: { outcome: string }) => i.outcome === 'denied'), 'the outcome filter returns only denied entries');
    });

    it('records denied cross-organisation access and keeps each organisation to its own log', async () => {
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/patients/${api.fx.rosa}`, { cookie: b })).statusCode, 404);
      const auditorA = await api.login('a-auditor');
      const logA = (await api.req('GET', '/api/audit?limit=200', { cookie: auditorA })).json().items as { username: string }[];
      assert.equal(logA.some((i) => i.username === 'b-pharmacist'), false);
      const rows = await api.ctx.db.query<{ outcome: string; org_id: string }>(
        `SELECT outcome, org_id FROM audit_log WHERE username = 'b-pharmacist' AND action = 'patient.read'`,
      );
      assert.deepEqual(rows.map((r) => r.outcome), ['denied']);
      assert.equal(rows[0]!.org_id, api.fx.orgB);
    });

    it('refuses the audit log to roles without audit access', async () => {
      const pharm = await api.login('a-pharmacist');
      assert.equal((await api.req('GET', '/api/audit', { cookie: pharm })).statusCode, 403);
    });

    it("attributes a known user's refused logins to their organisation, rate-limited ones included", async () => {
      for (let i = 0; i < 6; i++) await api.req('POST', '/api/auth/login', { body: { username: 'a-technician', password: `guess-${i}` } });
      const auditor = await api.login('a-auditor');
      const items = (await api.req('GET', '/api/audit?action=auth.login&outcome=denied', { cookie: auditor })).json().items;
      const reasons = items.filter((i: { username: string }) => i.username === 'a-technician').map((i: { detail: { reason: string } }) => i.detail.reason);
      assert.deepEqual(reasons.sort(), ['bad-credentials', 'bad-credentials', 'bad-credentials', 'bad-credentials', 'bad-credentials', 'rate-limited']);
    });

    it('cannot be altered or deleted, even with direct database access', async () => {
      await assert.rejects(api.ctx.db.query(`UPDATE audit_log SET username = 'someone-else'`), /append-only/);
      await assert.rejects(api.ctx.db.query('DELETE FROM audit_log'), /append-only/);
      await assert.rejects(api.ctx.db.query('TRUNCATE audit_log'), /append-only/);
    });
  });
}
