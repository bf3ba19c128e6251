// Queue API latency with 100,000 open worklist items in one organisation: 200 GET /api/worklist requests with
// rotating filters (none, language, state, program, due before, kind, mine, a deep page), one at a time, in
// process (Fastify inject: server time without the network). PGlite always; PostgreSQL too when
// TEST_DATABASE_URL or DATABASE_URL is set.
// Usage: node --import tsx bench/worklist.ts [--items 100000] [--requests 200]
import { parseArgs } from 'node:util';
import { worklistRoutes } from '../src/api/routes/worklists.routes.ts';
import { createTestApi } from '../test/helpers/api.ts';
import { testDbKinds, type TestDbKind } from '../test/helpers/db.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '100000' }, requests: { type: 'string', default: '200' } } });
const ITEMS = Number(values.items);
const REQUESTS = Number(values.requests);
const PER_PATIENT = 5;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(kind: TestDbKind) {
  const api = await createTestApi(kind, { sessionMinutes: 600 });
  if (!api.app.hasRoute({ method: 'GET', url: '/api/worklist' })) worklistRoutes(api.app, api.ctx);
  const db = api.ctx.db;
  const org = api.fx.orgA;
  const t0 = performance.now();
  const manager = (await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'a-manager'`))[0]!.id;
  const pharmacist = (await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'a-pharmacist'`))[0]!.id;
  const program = (
    await db.query<{ id: string }>(`INSERT INTO programs (org_id, name, kind, year, criteria, created_by) VALUES ($1, 'Bench', 'clinic', 2026, '{}', $2) RETURNING id`, [org, manager])
  )[0]!.id;
  const patients = Math.ceil(ITEMS / PER_PATIENT);
  await db.query(
    `INSERT INTO patients (org_id, first_name, last_name, birth_date, sex, state, language)
     SELECT $1, 'P' || g, 'Bench' || g, DATE '1930-01-01' + (g % 20000), 'female', (ARRAY['NY','NJ','CA','TX','FL'])[1 + g % 5], (ARRAY['en','en','en','es','zh'])[1 + g % 5]
       FROM generate_series(1, $2::int) g`,
    [org, patients],
  );
  await db.query(
    `INSERT INTO enrollments (org_id, program_id, patient_id, enrolled_on, created_by)
     SELECT $1, $2, id, DATE '2026-01-01', $3 FROM patients WHERE org_id = $1 AND last_name LIKE 'Bench%'`,
    [org, program, manager],
  );
  await db.query(
    `INSERT INTO work_items (org_id, patient_id, program_id, enrollment_id, kind, topic, due_date, reason, priority, priority_factors, status, assigned_to)
     SELECT $1, e.patient_id, e.program_id, e.id, (ARRAY['cmr','tmr','adherence','dtp','post-discharge'])[k],
            CASE WHEN k IN (3, 4) THEN 'bench@' || k END, DATE '2026-03-01' + ((row_number() OVER ()) % 200)::int,
            'bench item', ((row_number() OVER ()) * 37 % 101)::int, '[{"factor":"bench","points":1}]',
            CASE WHEN (row_number() OVER ()) % 50 = 0 THEN 'claimed' ELSE 'open' END,
            CASE WHEN (row_number() OVER ()) % 50 = 0 THEN $3::uuid END
       FROM enrollments e CROSS JOIN generate_series(1, ${PER_PATIENT}) k WHERE e.program_id = $2`,
    [org, program, pharmacist],
  );
  // About half the patients have each of two home pharmacies (the pharmacy filter joins patients).
  const [ph1, ph2] = await Promise.all(
    ['Bench North', 'Bench South'].map(async (name) => (await db.query<{ id: string }>(`INSERT INTO pharmacies (org_id, name, state) VALUES ($1, $2, 'NY') RETURNING id`, [org, name]))[0]!.id),
  );
  await db.query(
    `UPDATE patients SET home_pharmacy_id = CASE WHEN hashtext(id::text) % 2 = 0 THEN $2::uuid ELSE $3::uuid END WHERE org_id = $1 AND last_name LIKE 'Bench%'`,
    [org, ph1, ph2],
  );
  await db.query('ANALYZE');
  const n = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_items WHERE org_id = $1 AND status IN ('open', 'claimed')`, [org]))[0]!.n;
  console.log(`${kind}: ${n} active items (${patients} patients) seeded in ${Math.round(performance.now() - t0)} ms`);

  const cookie = await api.login('a-pharmacist');
  const filters = ['', '?language=es', '?state=NY', `?program=${program}`, '?dueBefore=2026-04-01', '?kind=cmr', '?assignedTo=me', '?offset=5000&limit=50', `?pharmacy=${ph1}`];
  const byFilter = new Map<string, number[]>();
  for (let i = 0; i < 10; i++) await api.req('GET', `/api/worklist${filters[i % filters.length]}`, { cookie }); // warm-up
  const all: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const f = filters[i % filters.length]!;
    const s = performance.now();
    const res = await api.req('GET', `/api/worklist${f}`, { cookie });
    const ms = performance.now() - s;
    if (res.statusCode !== 200) throw new Error(`${f}: ${res.statusCode} ${res.body}`);
    all.push(ms);
    byFilter.set(f, [...(byFilter.get(f) ?? []), ms]);
  }
  all.sort((a, b) => a - b);
  console.log(`${kind}: GET /api/worklist x${REQUESTS}  p50 ${pct(all, 50).toFixed(1)} ms  p99 ${pct(all, 99).toFixed(1)} ms  max ${all[all.length - 1]!.toFixed(1)} ms`);
  for (const [f, ms] of byFilter) {
    ms.sort((a, b) => a - b);
    console.log(`  ${(f || '(no filter)').padEnd(48)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  max ${ms[ms.length - 1]!.toFixed(1).padStart(7)} ms`);
  }
  await api.close();
}

for (const kind of testDbKinds()) await run(kind);
