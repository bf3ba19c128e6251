// A population measure run over one organisation's patients in the database (issue 4), split into shards kept in
// PostgreSQL (store/population-shards.repository.ts). Whoever works on runs — the server's background runner, the
// CLI, `openmtm work` on other machines — claims a shard, evaluates its patients with the same engine as the chart
// and the file runs, and stores the shard's results, the shard's completion and the run's progress in one
// transaction; the last shard computes the plan rates. A crashed worker's shard reopens when its lease expires.
import { hostname } from 'node:os';
import { isoDay, toDay } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { evaluateMember } from '../engines/adherence/measures.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { memberFromRecord } from '../services/measure-member.ts';
import type { Clock } from '../services/clock.ts';
import type { Db } from '../store/db.ts';
import {
  createRun, failRun, findRun, finishRun, runOfShard, saveShardResults, setShardCount, shardPatients, type ResultRow, type RunRow,
} from '../store/measure-runs.repository.ts';
import { claimShard, completeShard, createShards, failOpenShards, releaseShard } from '../store/population-shards.repository.ts';

/** Patients per shard: small on the embedded database, whose one connection the web app shares between shards. */
export const SHARD_SIZE: Record<Db['kind'], number> = { pglite: 250, postgres: 1000 };
const LEASE_SECONDS = 600;
const MAX_ATTEMPTS = 3;

export type WorkOptions = {
  /** Only this run's shards; default: any running measure run. */
  runId?: string | undefined;
  /** Stop after this many shards (tests, and a runner that yields between shards). */
  maxShards?: number | undefined;
  worker?: string | undefined;
  onProgress?: (run: { id: string; membersDone: number; membersTotal: number }) => void;
  /** Told about a shard that failed (it is retried, and the run fails after three tries). */
  onError?: (err: Error, shard: { runId: string; shard: number }) => void;
};

export const defaultWorker = () => `${hostname()}:${process.pid}`;

export async function startMeasureRun(db: Db, clock: Clock, o: { orgId: string; year: number; asOf: string; startedBy?: string; shardSize?: number }): Promise<string> {
  if (o.year > Number(o.asOf.slice(0, 4))) {
    throw new ValidationError(`Measurement year ${o.year} is after the as-of date ${o.asOf}`, [{ pointer: '/year', message: `must not be after ${o.asOf.slice(0, 4)}` }]);
  }
  const now = clock.now();
  return db.tx(async (q) => {
    const runId = await createRun(q, { orgId: o.orgId, year: o.year, asOf: o.asOf, classesLabel: MEASURE_CLASSES_PROVENANCE.label, now, startedBy: o.startedBy });
    const shards = await createShards(q, { runId, kind: 'measures', orgId: o.orgId, size: o.shardSize ?? SHARD_SIZE[db.kind] });
    await setShardCount(q, runId, shards);
    if (shards === 0) await finishRun(q, runId, now);
    return runId;
  });
}

class LeaseLost extends Error {}

function evaluateShard(run: RunRow, patients: Awaited<ReturnType<typeof shardPatients>>): ResultRow[] {
  const settings = { ...DEFAULT_SETTINGS, year: run.year };
  const asOf = toDay(run.asOf);
  const rows: ResultRow[] = [];
  for (const p of patients) {
    const { member } = memberFromRecord(p.id, p.inputs);
    for (const r of evaluateMember(member, settings, asOf)) {
      rows.push({
        patientId: p.id, measure: r.measure, inDenominator: r.inDenominator, reason: r.reason, pdc: r.pdc, numerator: r.numerator,
        refillBy: r.refill?.status === 'refill-by' ? isoDay(r.refill.lastDay) : null,
      });
    }
  }
  return rows;
}

/** Works on open shards until none is left (or maxShards); returns how many shards this call completed. */
export async function workOnMeasureRuns(db: Db, clock: Clock, o: WorkOptions = {}): Promise<number> {
  const worker = o.worker ?? defaultWorker();
  let completed = 0;
  while (o.maxShards === undefined || completed < o.maxShards) {
    const shard = await claimShard(db, { kind: 'measures', runId: o.runId, worker, now: clock.now(), leaseSeconds: LEASE_SECONDS });
    if (!shard) break;
    const run = await runOfShard(db, shard.runId);
    if (!run || run.status !== 'running') {
      await db.tx((q) => failOpenShards(q, shard.runId));
      continue;
    }
    try {
      const patients = await shardPatients(db, run.orgId, shard.firstPatientId, shard.nextPatientId);
      const rows = evaluateShard(run, patients);
      await db.tx(async (q) => {
        if (!(await completeShard(q, { runId: run.id, shard: shard.shard, worker, members: patients.length, now: clock.now() }))) throw new LeaseLost();
        if (await saveShardResults(q, run, rows, patients.length)) await finishRun(q, run.id, clock.now());
      });
      completed++;
      o.onProgress?.({ id: run.id, membersDone: run.membersDone + patients.length, membersTotal: run.membersTotal });
    } catch (err) {
      if (err instanceof LeaseLost) continue; // another worker took the shard over and stores it
      const error = err instanceof Error ? err : new Error(String(err));
      o.onError?.(error, shard);
      if (shard.attempts >= MAX_ATTEMPTS) {
        await db.tx(async (q) => {
          await failRun(q, run.id, `shard ${shard.shard} failed ${shard.attempts} times: ${error.message}`, clock.now());
          await failOpenShards(q, run.id);
        });
      } else await releaseShard(db, { runId: run.id, shard: shard.shard, worker });
    }
  }
  return completed;
}

/** Works on one run of the organisation until it is done (or maxShards); returns the run as stored afterwards. */
export async function continueMeasureRun(db: Db, clock: Clock, orgId: string, runId: string, opts: Omit<WorkOptions, 'runId'> = {}): Promise<RunRow> {
  const run = await findRun(db, orgId, runId);
  if (!run) throw new ValidationError(`No measure run ${runId} in this organisation`);
  if (run.status === 'running') await workOnMeasureRuns(db, clock, { ...opts, runId });
  return (await findRun(db, orgId, runId))!;
}
