// Population measure runs over the database: paged, resumable, stored, and consistent with the file-based run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, testDbKinds } from '../../test/helpers/db.ts';
import { toDay } from '../domain/days.ts';
import { fixedClock } from '../services/clock.ts';
import { generatePrescribers } from '../synthetic/index.ts';
import type { Db } from '../store/db.ts';
import { writePopulation } from './generate-population.ts';
import { importPopulation } from './import-population.ts';
import { MEASURES } from '../engines/adherence/measures.ts';
import { measuresFromFiles } from './measures-from-files.ts';
import { continueMeasureRun, startMeasureRun, workOnMeasureRuns } from './measure-run.ts';
import { findRun } from '../store/measure-runs.repository.ts';
import { claimShard, completeShard } from '../store/population-shards.repository.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-run-'));
const POP = path.join(tmp, 'pop');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const kind of testDbKinds()) {
  describe(`measure runs (${kind})`, () => {
    let db: Db & { drop(): Promise<void> };
    let orgId: string;
    const clock = fixedClock('2026-01-15T12:00:00Z');
    before(async () => {
      if (!fs.existsSync(path.join(POP, 'manifest.json'))) {
        await writePopulation({ out: POP, patients: 60, seed: 21, asOf: '2026-01-15', prescribers: generatePrescribers(21, 12) });
      }
      db = await createTestDb(kind);
      orgId = (await db.query<{ id: string }>(`INSERT INTO organizations (name, kind) VALUES ('Run Plan', 'plan') RETURNING id`))[0]!.id;
      await importPopulation(db, { orgId, dir: POP });
    });
    after(() => db.drop());

    it('stops after a shard, resumes, and stores six results per member', async () => {
      const runId = await startMeasureRun(db, clock, { orgId, year: 2025, asOf: '2026-01-15', shardSize: 25 });
      const partial = await continueMeasureRun(db, clock, orgId, runId, { maxShards: 1 });
      assert.deepEqual([partial.status, partial.membersDone, partial.membersTotal, partial.shardsDone, partial.shardsTotal], ['running', 25, 60, 1, 3]);
      const done = await continueMeasureRun(db, clock, orgId, runId);
      assert.deepEqual([done.status, done.membersDone, done.shardsDone], ['done', 60, 3]);
      const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM measure_results WHERE run_id = $1', [runId]))[0]!.n;
      assert.equal(n, 60 * 6);
      // Every measure's rate agrees with the file-based run on the same generated population (hospice: a home
      // Z51.5 encounter in the record, the members file's flag in the files).
      const files = await measuresFromFiles({
        claims: path.join(POP, 'claims.csv'), members: path.join(POP, 'members.csv'), inpatient: path.join(POP, 'inpatient.csv'),
        out: path.join(tmp, `results-${kind}.csv`), year: 2025, classifier: {}, asOf: toDay('2026-01-15'),
      });
      for (const m of MEASURES) assert.deepEqual(done.rates![m], files.rates[m], m);
    });

    it('spreads a run over several workers: each shard once, a lost lease reopens its shard, nothing counted twice', async () => {
      const runId = await startMeasureRun(db, clock, { orgId, year: 2025, asOf: '2026-01-15', shardSize: 7 });
      // Worker A takes a shard and stalls; once its lease (10 minutes) has run out, B takes it over.
      const stalled = await claimShard(db, { kind: 'measures', runId, worker: 'A', now: clock.now(), leaseSeconds: 600 });
      assert.equal(stalled?.shard, 0);
      const later = fixedClock('2026-01-15T12:11:00Z');
      const [b, c] = await Promise.all([
        workOnMeasureRuns(db, later, { runId, worker: 'B' }),
        workOnMeasureRuns(db, later, { runId, worker: 'C' }),
      ]);
      assert.equal(b + c, 9, 'every shard of 60 patients by 7, the stalled one included, was completed exactly once');
      assert.equal(await completeShard(db, { runId, shard: 0, worker: 'A', members: 7, now: later.now() }), false, 'A lost its lease');
      const run = (await findRun(db, orgId, runId))!;
      assert.deepEqual([run.status, run.membersDone, run.shardsDone], ['done', 60, 9]);
      const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM measure_results WHERE run_id = $1', [runId]))[0]!.n;
      assert.equal(n, 60 * 6);
    });

    it('fails a run whose shard keeps failing, and says why', async () => {
      const runId = await startMeasureRun(db, clock, { orgId, year: 2025, asOf: '2026-01-15', shardSize: 30 });
      // A patient whose stored inputs the engine cannot read: a birth date the day arithmetic rejects.
      const victim = (await db.query<{ id: string }>('SELECT id FROM patients WHERE org_id = $1 ORDER BY id LIMIT 1', [orgId]))[0]!.id;
      const errors: string[] = [];
      const broken = { ...db, query: db.query.bind(db), tx: db.tx.bind(db), kind: db.kind, close: db.close.bind(db) };
      broken.query = (async (sql: string, params?: readonly unknown[]) => {
        const rows = await db.query(sql, params);
        if (sql.includes('AS inputs')) for (const r of rows as { id: string; inputs: { birthDate: string } }[]) if (r.id === victim) r.inputs.birthDate = 'not a date';
        return rows;
      }) as Db['query'];
      for (let i = 0; i < 3; i++) await workOnMeasureRuns(broken, clock, { runId, maxShards: 1, onError: (e) => errors.push(e.message) });
      const run = (await findRun(db, orgId, runId))!;
      assert.equal(run.status, 'failed');
      assert.match(run.error!, /^shard 0 failed 3 times: /);
      assert.equal(errors.length, 3);
      assert.equal(await claimShard(db, { kind: 'measures', runId, worker: 'D', now: clock.now(), leaseSeconds: 600 }), undefined, 'a failed run has no open shard');
    });

    it('refuses a year after the as-of date and an unknown run', async () => {
      await assert.rejects(startMeasureRun(db, clock, { orgId, year: 2027, asOf: '2026-01-15' }), /after the as-of date/);
      await assert.rejects(continueMeasureRun(db, clock, orgId, '00000000-0000-4000-8000-000000000000'), /No measure run/);
    });
  });
}
