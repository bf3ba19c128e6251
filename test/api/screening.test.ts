// Drug therapy problem screening through the API, end to end: the Synthea sample imported with the FHIR importer,
// screened from the database (GET /api/patients/:id/dtps) and from a posted FHIR Bundle (POST /api/screen).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ndjsonToBundles } from '../../src/interop/fhir-r4.ts';
import { importFhir } from '../../src/jobs/import-fhir.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

const SYNTHEA = path.resolve(import.meta.dirname, '../../../shared/data/synthea-sample');
const FHIR_ID = { hypertensive: '6a4160eb-', elderly: 'a5cb8ce9-' } as const;

type Finding = { ruleId: string; status: string; severity: string; drugs: string[]; missing: string[]; evidence: { medications: { name: string }[]; facts: string[] } };

function syntheaBundle(prefix: string): object {
  const files = fs.readdirSync(SYNTHEA).map((name) => ({ name, text: fs.readFileSync(path.join(SYNTHEA, name), 'utf8') }));
  const b = ndjsonToBundles(files).find((x) => x.patientId.startsWith(prefix));
  if (!b) throw new Error(`no Synthea patient ${prefix}`);
  return b.bundle;
}

for (const kind of testDbKinds()) {
  describe(`screening API (${kind})`, () => {
    let api: TestApi;
    let cookie: string;
    const ids: Record<keyof typeof FHIR_ID, string> = { hypertensive: '', elderly: '' };
    before(async () => {
      api = await createTestApi(kind); // clock: 2026-06-15
      cookie = await api.login('a-pharmacist');
      const r = await importFhir(api.ctx.db, { orgId: api.fx.orgA, path: SYNTHEA });
      assert.equal(r.patients, 5);
      for (const key of Object.keys(FHIR_ID) as (keyof typeof FHIR_ID)[]) {
        const rows = await api.ctx.db.query<{ id: string }>(`SELECT id FROM patients WHERE org_id = $1 AND external_id LIKE $2`, [api.fx.orgA, `${FHIR_ID[key]}%`]);
        ids[key] = rows[0]!.id;
      }
    });
    after(() => api.close());

    it('flags NSAID + ACE inhibitor + thiazide for the imported Synthea hypertensive patient, with evidence and missing labs', async () => {
      const res = await api.req('GET', `/api/patients/${ids.hypertensive}/dtps`, { cookie });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { asOf: string; findings: Finding[]; errors: unknown[]; knowledge: { file: string }[] };
      assert.equal(body.asOf, '2026-06-15');
      assert.deepEqual(body.errors, []);
      const first = body.findings[0]!;
      assert.equal(first.ruleId, 'ddi.nsaid-ras-diuretic-triple-whammy');
      assert.equal(first.severity, 'high');
      assert.deepEqual(first.drugs, ['hydrochlorothiazide', 'lisinopril', 'naproxen']);
      assert.equal(first.evidence.medications.length, 3);
      const byRule = new Map(body.findings.map((f) => [`${f.ruleId}:${f.status}`, f]));
      assert.ok(byRule.has('monitor.creatinine-raas-diuretic:problem'), 'missing creatinine monitoring is flagged as a problem');
      assert.ok(byRule.has('monitor.potassium-raas-diuretic:problem'), 'missing potassium monitoring is flagged as a problem');
      assert.match(byRule.get('renal.nsaids:could-not-assess')!.missing.join(' '), /serum creatinine/);
      assert.ok(body.knowledge.some((k) => k.file === 'interactions.json'), 'the response names the interactions knowledge file');
    });

    it('says what it could not assess for the 99-year-old on alendronate without a creatinine', async () => {
      const body = (await api.req('GET', `/api/patients/${ids.elderly}/dtps`, { cookie })).json() as { findings: Finding[] };
      const renal = body.findings.find((f) => f.ruleId === 'renal.alendronic-acid');
      assert.equal(renal?.status, 'could-not-assess');
      assert.ok(body.findings.some((f) => f.ruleId === 'monitor.lipids-statin' && f.drugs.includes('simvastatin')), 'missing lipid monitoring for simvastatin is flagged');
    });

    it('screens a posted FHIR Bundle the same way as the imported chart', async () => {
      const res = await api.req('POST', '/api/screen?asOf=2026-06-15', { cookie, body: syntheaBundle(FHIR_ID.hypertensive) });
      assert.equal(res.statusCode, 200, res.body);
      const findings = res.json() as Finding[];
      assert.ok(Array.isArray(findings), 'the screen returns an array of findings');
      assert.equal(findings[0]?.ruleId, 'ddi.nsaid-ras-diuretic-triple-whammy');
      const chart = (await api.req('GET', `/api/patients/${ids.hypertensive}/dtps`, { cookie })).json() as { findings: Finding[] };
      assert.deepEqual(findings.filter((f) => f.status === 'problem').map((f) => f.ruleId).sort(), chart.findings.filter((f) => f.status === 'problem').map((f) => f.ruleId).sort());
    });

    it('rejects bad bundles with the place and the problem, and writes nothing', async () => {
      const before = (await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM patients`))[0]!.n;
      const bad = await api.req('POST', '/api/screen', { cookie, body: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01' } }, { resource: { resourceType: 'MedicationRequest', status: 'active', subject: { reference: 'Patient/p1' } } }] } });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.match(bad.json().errors[0].pointer, /^\/entry\/1\/resource/);
      const two = await api.req('POST', '/api/screen', { cookie, body: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }, { resource: { resourceType: 'Patient', id: 'p2' } }] } });
      assert.equal(two.statusCode, 422);
      assert.match(two.body, /p1.*p2/);
      assert.equal((await api.req('POST', '/api/screen', { cookie, body: '{not json', headers: { 'content-type': 'application/json' } })).statusCode, 400);
      assert.equal((await api.req('GET', `/api/patients/${ids.hypertensive}/dtps?asOf=2030-01-01`, { cookie })).statusCode, 422);
      assert.equal((await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM patients`))[0]!.n, before);
    });

    it('refuses other organisations and roles without patient access, and audits screens', async () => {
      const b = await api.login('b-pharmacist');
      assert.equal((await api.req('GET', `/api/patients/${ids.hypertensive}/dtps`, { cookie: b })).statusCode, 404);
      const auditor = await api.login('a-auditor');
      assert.equal((await api.req('GET', `/api/patients/${ids.hypertensive}/dtps`, { cookie: auditor })).statusCode, 403);
      assert.equal((await api.req('POST', '/api/screen', { cookie: auditor, body: syntheaBundle(FHIR_ID.hypertensive) })).statusCode, 403);
      assert.equal((await api.req('POST', '/api/screen', { body: syntheaBundle(FHIR_ID.hypertensive) })).statusCode, 401);
      const rows = await api.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'patient.screen' AND patient_id = $1 AND outcome = 'success'`, [ids.hypertensive]);
      assert.ok(rows[0]!.n >= 2, 'the successful screens are audited');
    });
  });
}
