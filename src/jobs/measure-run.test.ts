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
import { continueMeasureRun, startMeasureRun } from './measure-run.ts';

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

    it('stops after a page, resumes from its cursor, and stores six results per member', async () => {
      const runId = await startMeasureRun(db, clock, { orgId, year: 2025, asOf: '2026-01-15' });
      const partial = await continueMeasureRun(db, clock, orgId, runId, { pageSize: 25, maxPages: 1 });
      assert.deepEqual([partial.status, partial.membersDone, partial.membersTotal], ['running', 25, 60]);
      const done = await continueMeasureRun(db, clock, orgId, runId, { pageSize: 25 });
      assert.deepEqual([done.status, done.membersDone], ['done', 60]);
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

    it('refuses a year after the as-of date and an unknown run', async () => {
      await assert.rejects(startMeasureRun(db, clock, { orgId, year: 2027, asOf: '2026-01-15' }), /after the as-of date/);
      await assert.rejects(continueMeasureRun(db, clock, orgId, '00000000-0000-4000-8000-000000000000'), /No measure run/);
    });
  });
}
