// A population measure run over one organisation's patients in the database (issue 4), split into shards kept in
// PostgreSQL and worked by the shard loop (jobs/shard-work.ts) — the server's background runner, the CLI, `openmtm
// work` on other machines: each shard's patients are evaluated with the same engine as the chart and the file runs,
// and the shard's results, its completion and the run's progress are stored in one transaction; the last shard
// computes the plan rates. A crashed worker's shard reopens when its lease expires.
import { isoDay, toDay } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { evaluateMember } from '../engines/adherence/measures.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { memberFromRecord } from '../services/measure-member.ts';
import type { ProductClassifier } from './product-classifier.ts';
import type { Clock } from '../services/clock.ts';
import type { Db } from '../store/db.ts';
import {
  createRun, failRun, findRun, finishRun, runOfShard, saveShardResults, setShardCount, shardPatients, type ResultRow, type RunRow,
} from '../store/measure-runs.repository.ts';
import { createShards } from '../store/population-shards.repository.ts';
import { SHARD_SIZE, workOnShards, type ShardJob, type WorkOptions } from './shard-work.ts';

export type MeasureWorkOptions = WorkOptions & {
  /** The measure class lists (a licensed file when configured); the shipped lists by default. */
  classify?: ProductClassifier | undefined;
};

/** `classesLabel`: which class lists the workers use (MeasureClassifier.label); the shipped lists by default. */
export async function startMeasureRun(
  db: Db,
  clock: Clock,
  o: { orgId: string; year: number; asOf: string; startedBy?: string; shardSize?: number; classesLabel?: string | undefined },
): Promise<string> {
  if (o.year > Number(o.asOf.slice(0, 4))) {
    throw new ValidationError(`Measurement year ${o.year} is after the as-of date ${o.asOf}`, [{ pointer: '/year', message: `must not be after ${o.asOf.slice(0, 4)}` }]);
  }
  const now = clock.now();
  return db.tx(async (q) => {
    const runId = await createRun(q, { orgId: o.orgId, year: o.year, asOf: o.asOf, classesLabel: o.classesLabel ?? MEASURE_CLASSES_PROVENANCE.label, now, startedBy: o.startedBy });
    const shards = await createShards(q, { runId, kind: 'measures', orgId: o.orgId, size: o.shardSize ?? SHARD_SIZE[db.kind] });
    await setShardCount(q, runId, shards);
    if (shards === 0) await finishRun(q, runId, now);
    return runId;
  });
}

function evaluateShard(run: RunRow, patients: Awaited<ReturnType<typeof shardPatients>>, classify: ProductClassifier | undefined): ResultRow[] {
  const settings = { ...DEFAULT_SETTINGS, year: run.year };
  const asOf = toDay(run.asOf);
  const rows: ResultRow[] = [];
  for (const p of patients) {
    const { member } = memberFromRecord(p.id, p.inputs, classify);
    for (const r of evaluateMember(member, settings, asOf)) {
      rows.push({
        patientId: p.id, measure: r.measure, inDenominator: r.inDenominator, reason: r.reason, pdc: r.pdc, numerator: r.numerator,
        refillBy: r.refill?.status === 'refill-by' ? isoDay(r.refill.lastDay) : null,
      });
    }
  }
  return rows;
}

function measureJob(classify: ProductClassifier | undefined): ShardJob<RunRow, ResultRow[]> {
  return {
    kind: 'measures',
    runOf: runOfShard,
    async evaluate(db, run, shard) {
      const patients = await shardPatients(db, run.orgId, shard.firstPatientId, shard.nextPatientId);
      return { members: patients.length, out: evaluateShard(run, patients, classify) };
    },
    save: saveShardResults,
    finish: (q, run, now) => finishRun(q, run.id, now),
    fail: failRun,
  };
}

/** Works on open measure shards until none is left (or maxShards); returns how many shards this call completed. */
export function workOnMeasureRuns(db: Db, clock: Clock, o: MeasureWorkOptions = {}): Promise<number> {
  return workOnShards(db, clock, measureJob(o.classify), o);
}

/** Works on one run of the organisation until it is done (or maxShards); returns the run as stored afterwards. */
export async function continueMeasureRun(db: Db, clock: Clock, orgId: string, runId: string, opts: Omit<MeasureWorkOptions, 'runId'> = {}): Promise<RunRow> {
  const run = await findRun(db, orgId, runId);
  if (!run) throw new ValidationError(`No measure run ${runId} in this organisation`);
  if (run.status === 'running') await workOnMeasureRuns(db, clock, { ...opts, runId });
  return (await findRun(db, orgId, runId))!;
}
