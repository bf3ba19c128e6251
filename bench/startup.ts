// Cold start to first served request (GET /health) on an empty data dir (migrate + demo seed) and on an existing
// one, with resident memory; plus the same on a PostgreSQL server when DATABASE_URL is set.
// Usage: npm run bench:startup
import fs from 'node:fs';
import { freshServerDatabase, rssMb, startServer, tempDir, waitForHealth } from './lib.ts';

async function measure(label: string, env: Record<string, string>, port: number) {
  const t0 = performance.now();
  const child = startServer({ ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  const ms = performance.now() - t0;
  const rss = rssMb(child.proc.pid!);
  await child.stop();
  console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s   RSS ${String(rss).padStart(4)} MB`);
}

const dataDir = tempDir('openmtm-bench-start-');
console.log('startup (time to first 200 from /health)');
await measure('PGlite, empty data dir (initdb+migrate+seed)', { OPENMTM_DATA_DIR: dataDir, DATABASE_URL: '' }, 3301);
await measure('PGlite, existing data dir', { OPENMTM_DATA_DIR: dataDir, DATABASE_URL: '' }, 3301);
fs.rmSync(dataDir, { recursive: true, force: true });
const server = await freshServerDatabase();
if (server) {
  await measure('PostgreSQL, empty database (migrate+seed)', { DATABASE_URL: server.url }, 3302);
  await measure('PostgreSQL, existing database', { DATABASE_URL: server.url }, 3302);
  await server.drop();
} else {
  console.log('(set DATABASE_URL to also measure a PostgreSQL server)');
}
