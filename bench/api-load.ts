// API latency under load from a second process: patient search and chart reads, autocannon, 50 connections.
// Starts the real server (demo data) on PGlite, and on PostgreSQL when DATABASE_URL is set.
// Usage: npm run bench:api [-- --seconds 10 --connections 50]
import autocannon from 'autocannon';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { freshServerDatabase, startServer, tempDir, waitForHealth } from './lib.ts';
import { openLoop } from './open-loop.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' }, rate: { type: 'string', default: '200' } },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);
/**
 * Requests per second for the open-loop run ("hundreds of requests per second", evenly spaced, up to `connections`
 * in flight); the autocannon run is flat out with `connections` connections, where latency is mostly queueing.
 */
const rate = Number(values.rate);

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pharmacist', password: 'pharmacist-demo-pass' }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function runAtRate(label: string, url: string, cookie: string, paths: string[]) {
  const r = await openLoop({ url, paths, cookie, rate, seconds: duration, maxSockets: connections });
  console.log(
    `${label.padEnd(28)} ${String(r.achievedRate).padStart(6)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   max ${String(r.max).padStart(5)} ms   errors ${r.errors}`,
  );
}

async function run(label: string, url: string, cookie: string, paths: string[]) {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  const l = result.latency;
  const non2xx = result.non2xx;
  console.log(
    `${label.padEnd(28)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   p50 ${String(l.p50).padStart(4)} ms   p99 ${String(l.p99).padStart(4)} ms   max ${String(l.max).padStart(5)} ms   errors ${result.errors + non2xx}`,
  );
}

async function benchOne(dbLabel: string, env: Record<string, string>, port: number) {
  const child = startServer({ ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  try {
    const cookie = await login(url);
    const page = (await (await fetch(`${url}/api/patients?limit=200`, { headers: { cookie } })).json()) as { items: { id: string; lastName: string }[] };
    const ids = page.items.map((p) => p.id);
    const names = [...new Set(page.items.map((p) => p.lastName.slice(0, 4).toLowerCase()))];
    console.log(`\n${dbLabel}: ${duration} s, ${connections} connections, ${ids.length} patients rotated`);
    const searches = names.map((n) => `/api/patients?q=${encodeURIComponent(n)}`);
    const charts = ids.map((id) => `/api/patients/${id}`);
    await run('search, flat out', url, cookie, searches);
    await runAtRate(`search at ${rate} req/s`, url, cookie, searches);
    await run('chart, flat out', url, cookie, charts);
    await runAtRate(`chart at ${rate} req/s`, url, cookie, charts);
  } finally {
    await child.stop();
  }
}

const pgliteDir = tempDir('openmtm-bench-api-');
await benchOne('PGlite (embedded)', { OPENMTM_DATA_DIR: pgliteDir, DATABASE_URL: '' }, 3311);
fs.rmSync(pgliteDir, { recursive: true, force: true });
const server = await freshServerDatabase();
if (server) {
  await benchOne('PostgreSQL 15 server', { DATABASE_URL: server.url }, 3312);
  await server.drop();
} else {
  console.log('(set DATABASE_URL to also measure a PostgreSQL server)');
}
