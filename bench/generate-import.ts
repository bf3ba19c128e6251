// Synthetic population throughput: generate N patients to files, then import them into a fresh PGlite data
// directory and, when DATABASE_URL is set, into a fresh PostgreSQL database. Prints times, file sizes, rows per
// second and the peak resident memory of each phase.
// Usage: npm run bench:generate-import -- [--patients 100000] [--seed 1] [--as-of 2026-01-15] [--chunk 500]
//        [--out DIR] [--keep] [--skip-pglite] [--skip-postgres] [--pglite-memory]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writePopulation, type PopulationManifest } from '../src/jobs/generate-population.ts';
import { importPopulation, type ImportCounts } from '../src/jobs/import-population.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { freshServerDatabase, tempDir } from './lib.ts';

const { values: v } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'as-of': { type: 'string', default: '2026-01-15' },
    chunk: { type: 'string', default: '500' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
    'pglite-memory': { type: 'boolean', default: false },
  },
});
const patients = Number(v.patients);
const chunkSize = Number(v.chunk);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Runs fn while sampling RSS every 200 ms; returns its result, seconds and peak RSS. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const t0 = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - t0) / 1000, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

function progress(label: string) {
  let last = 0;
  return (done: number, phase?: string | number) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    process.stderr.write(`\r  ${label} ${typeof phase === 'string' ? phase : ''} ${done.toLocaleString('en-US')} patients   `);
  };
}

function totalRows(c: ImportCounts): number {
  return c.prescribers.inserted + c.patients.inserted + c.medications + c.conditions + c.allergies + c.observations + c.encounters + c.immunizations + c.fills + c.coverages + c.consents + c.careTeam;
}

async function importInto(label: string, db: Db, dir: string, manifest: PopulationManifest): Promise<void> {
  await migrate(db);
  const org = await db.query<{ id: string }>("INSERT INTO organizations (name, kind) VALUES ('Benchmark pharmacy', 'pharmacy') RETURNING id");
  const m = await measured(() => importPopulation(db, { orgId: org[0]!.id, dir, chunkSize, onProgress: progress(label) }));
  process.stderr.write('\n');
  const rows = totalRows(m.result);
  console.log(`${label}: imported ${rows.toLocaleString('en-US')} rows (${m.result.fills.toLocaleString('en-US')} fills) in ${m.seconds.toFixed(1)} s = ${Math.round(rows / m.seconds).toLocaleString('en-US')} rows/s, ${(m.result.patients.inserted / m.seconds).toFixed(0)} patients/s; peak RSS ${mb(m.peakRss)}`);
  if (m.result.fills !== manifest.records.fills || m.result.patients.inserted !== manifest.count) console.log(`  MISMATCH with manifest: ${JSON.stringify(m.result)}`);
  const again = await measured(() => importPopulation(db, { orgId: org[0]!.id, dir, chunkSize }));
  console.log(`${label}: re-import (idempotent, ${again.result.patients.existing.toLocaleString('en-US')} existing, ${totalRows(again.result)} rows added) in ${again.seconds.toFixed(1)} s`);
}

const out = v.out ?? tempDir('openmtm-bench-pop-');
console.log(`Synthetic population: ${patients.toLocaleString('en-US')} patients, seed ${v.seed}, asOf ${v['as-of']}, ${out}`);
const gen = await measured(() =>
  writePopulation({ out, patients, seed: Number(v.seed), asOf: v['as-of']!, onProgress: progress('generate') }),
);
process.stderr.write('\n');
const manifest = gen.result;
console.log(`generate: ${gen.seconds.toFixed(1)} s (${(patients / gen.seconds).toFixed(0)} patients/s); peak RSS ${mb(gen.peakRss)}`);
for (const [name, f] of Object.entries(manifest.files)) console.log(`  ${name.padEnd(20)} ${mb(f.bytes).padStart(10)}  ${f.records.toLocaleString('en-US').padStart(11)} records`);
console.log(`  records: ${Object.entries(manifest.records).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}`);

if (!v['skip-pglite']) {
  const dataDir = v['pglite-memory'] ? 'memory://' : tempDir('openmtm-bench-pglite-');
  const db = await openDb({ dataDir });
  try {
    await importInto(`PGlite (${v['pglite-memory'] ? 'memory' : 'data dir'})`, db, out, manifest);
  } finally {
    await db.close();
    if (dataDir !== 'memory://') fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
if (!v['skip-postgres']) {
  const server = await freshServerDatabase();
  if (!server) console.log('(set DATABASE_URL to also import into a PostgreSQL server)');
  else {
    const db = await openDb({ databaseUrl: server.url, poolSize: 2 });
    try {
      await importInto('PostgreSQL', db, out, manifest);
    } finally {
      await db.close();
      await server.drop();
    }
  }
}
if (!v.keep && !v.out) fs.rmSync(path.resolve(out), { recursive: true, force: true });
