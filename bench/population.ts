// Population measures at scale, side by side with DuckDB on the same claims file (issue 4).
//   OpenMTM: all six PQA-aligned measures with the full rules (shifting per ingredient, inpatient carry-over,
//            exclusions, enrollment, refill deadlines) from claims.csv + members.csv + inpatient.csv.
//   DuckDB:  plain per-member PDC from claims.csv alone: (a) distinct days covered from the first fill of the year
//            to year end (overlaps merged, nothing shifted, no drug classes), (b) days' supply summed and capped at
//            the period length (cheaper, and not a PDC when fills overlap).
// Each engine runs in its own child process, so its time and peak RSS are its own.
// Usage: npm run bench:population -- [--members 200000[,1000000]] [--workers N] [--dir DIR] [--no-duckdb] [--by-date]
//   --dir reuses (or creates) the generated population there; --by-date also runs OpenMTM on a copy of the claims
//   sorted by fill date (member rows scattered through the file, as in real extracts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toDay } from '../src/domain/days.ts';
import { writePopulation } from '../src/jobs/generate-population.ts';
import { measuresFromFiles } from '../src/jobs/measures-from-files.ts';
import { generatePrescribers } from '../src/synthetic/index.ts';

const { values: v } = parseArgs({
  options: {
    members: { type: 'string', default: '200000' }, workers: { type: 'string' }, dir: { type: 'string' },
    'no-duckdb': { type: 'boolean' }, 'by-date': { type: 'boolean' }, child: { type: 'string' }, claims: { type: 'string' },
  },
});

const CLAIM_COLUMNS = `columns={'member_id':'VARCHAR','fill_date':'DATE','rxcui':'VARCHAR','ndc':'VARCHAR','days_supply':'INTEGER','quantity':'DOUBLE','total_cost':'DOUBLE'}`;
const DUCKDB_QUERIES: Record<string, (file: string) => string> = {
  'duckdb-distinct-days': (file) => `
    WITH f AS (SELECT member_id, date_diff('day', DATE '2025-01-01', fill_date) AS s, date_diff('day', DATE '2025-01-01', fill_date) + days_supply AS e
               FROM read_csv('${file}', header=true, ${CLAIM_COLUMNS}) WHERE fill_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'),
         g AS (SELECT *, max(e) OVER (PARTITION BY member_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e FROM f),
         i AS (SELECT *, sum(CASE WHEN prev_e IS NULL OR s > prev_e THEN 1 ELSE 0 END) OVER (PARTITION BY member_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS isl FROM g),
         r AS (SELECT member_id, isl, min(s) AS a, least(max(e), 365) AS b FROM i GROUP BY member_id, isl)
    SELECT member_id, sum(b - a) / (365 - min(a)) AS pdc FROM r GROUP BY member_id`,
  'duckdb-summed-supply': (file) => `
    SELECT member_id, least(sum(days_supply), date_diff('day', min(fill_date), DATE '2026-01-01')) / date_diff('day', min(fill_date), DATE '2026-01-01') AS pdc
    FROM read_csv('${file}', header=true, ${CLAIM_COLUMNS}) WHERE fill_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY member_id`,
};

type ChildResult = { ms: number; maxRssMb: number; detail: string };

/** Child mode: run one engine, print its numbers as JSON. */
async function child(kind: string, dir: string, claims: string): Promise<void> {
  const t0 = performance.now();
  let detail = '';
  if (kind === 'openmtm') {
    const s = await measuresFromFiles({
      claims, members: path.join(dir, 'members.csv'), inpatient: path.join(dir, 'inpatient.csv'), out: path.join(dir, 'bench-results.csv'),
      year: 2025, classifier: {}, asOf: toDay('2025-09-30'), workers: v.workers === undefined ? undefined : Number(v.workers),
    });
    detail = `${s.workers} workers, ${s.shards} shards; PDC-STA ${s.rates['PDC-STA']!.numerator}/${s.rates['PDC-STA']!.denominator}`;
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:', { threads: String(v.workers ?? os.availableParallelism()) });
    const con = await db.connect();
    const rows = (await con.runAndReadAll(`SELECT count(*)::INTEGER, avg(pdc)::DOUBLE FROM (${DUCKDB_QUERIES[kind]!(claims)})`)).getRows();
    detail = `${rows[0]![0]} members, mean PDC ${Number(rows[0]![1]).toFixed(4)}`;
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), detail } satisfies ChildResult));
}

function runChild(kind: string, dir: string, claims: string): ChildResult {
  const res = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, '--dir', dir, '--claims', claims, ...(v.workers ? ['--workers', v.workers] : [])], {
    encoding: 'utf8', maxBuffer: 1 << 24,
  });
  if (res.status !== 0) throw new Error(`${kind} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

async function population(members: number): Promise<string> {
  const dir = v.dir && !v.members.includes(',') ? v.dir : path.join(os.tmpdir(), `openmtm-bench-population-${members}`);
  const manifest = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { count: number }).count === members) return dir;
  const t0 = performance.now();
  await writePopulation({ out: dir, patients: members, seed: 1, asOf: '2026-01-15', prescribers: generatePrescribers(1, 400), csvOnly: true, onProgress: (n) => process.stderr.write(`\rgenerating ${n}/${members}`) });
  process.stderr.write(`\rgenerated ${members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return dir;
}

function byDate(dir: string): string {
  const out = path.join(dir, 'claims-by-date.csv');
  if (fs.existsSync(out)) return out;
  const claims = path.join(dir, 'claims.csv');
  const header = fs.readFileSync(claims, 'utf8').slice(0, 200).split('\n')[0]!;
  fs.writeFileSync(out, header + '\n');
  const sorted = spawnSync('sh', ['-c', `tail -n +2 '${claims}' | sort -t, -k2,2 -S 1G >> '${out}'`]);
  if (sorted.status !== 0) throw new Error(`sort failed: ${sorted.stderr}`);
  return out;
}

async function main(): Promise<void> {
  if (v.child) return child(v.child, v.dir!, v.claims!);
  for (const members of v.members.split(',').map(Number)) {
    const dir = await population(members);
    const claims = path.join(dir, 'claims.csv');
    const count = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).files['claims.csv'].records as number;
    const mb = fs.statSync(claims).size / 1e6;
    console.log(`\n${members.toLocaleString('en-US')} members, ${count.toLocaleString('en-US')} claims (${mb.toFixed(0)} MB claims.csv), ${os.availableParallelism()} CPUs`);
    console.log('engine                         time      claims/s     peak RSS   detail');
    const row = (name: string, r: ChildResult) =>
      console.log(`${name.padEnd(30)} ${(r.ms / 1000).toFixed(2).padStart(6)} s ${Math.round(count / (r.ms / 1000)).toLocaleString('en-US').padStart(12)} ${String(r.maxRssMb).padStart(7)} MB   ${r.detail}`);
    row('openmtm (6 measures, PQA)', runChild('openmtm', dir, claims));
    if (v['by-date']) row('openmtm, claims by date', runChild('openmtm', dir, byDate(dir)));
    if (!v['no-duckdb']) for (const q of Object.keys(DUCKDB_QUERIES)) row(q, runChild(q, dir, claims));
  }
}

await main();
