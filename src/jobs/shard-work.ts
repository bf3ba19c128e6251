// The worker loop of population runs kept as shards in PostgreSQL: claim the next open shard of a kind under a lease
// (store/population-shards.repository.ts), evaluate its patients, then store the shard's results, its completion and
// the run's progress in one transaction — the last shard finishes the run in that same transaction. A shard that
// fails is released for another try; on its third failure the run fails with the reason. Measure runs
// (jobs/measure-run.ts) and targeting runs (jobs/target-run.ts) pass in what differs: how to read the run, evaluate
// a shard, store results, finish and fail.
import { hostname } from 'node:os';
import type { Clock } from '../services/clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import { claimShard, completeShard, failOpenShards, releaseShard, type ClaimedShard, type ShardKind } from '../store/population-shards.repository.ts';

/** Patients per shard: small on the embedded database, whose one connection the web app shares between shards. */
export const SHARD_SIZE: Record<Db['kind'], number> = { pglite: 250, postgres: 1000 };
const LEASE_SECONDS = 600;
const MAX_ATTEMPTS = 3;

export type WorkOptions = {
  /** Only this run's shards; default: any running run of the kind. */
  runId?: string | undefined;
  /** Stop after this many shards (tests, and a runner that yields between shards). */
  maxShards?: number | undefined;
  worker?: string | undefined;
  onProgress?: (run: { id: string; membersDone: number; membersTotal: number }) => void;
  /** Told about a shard that failed (it is retried, and the run fails after three tries). */
  onError?: (err: Error, shard: { runId: string; shard: number }) => void;
};

export const defaultWorker = () => `${hostname()}:${process.pid}`;

export type ShardRun = { id: string; status: 'running' | 'done' | 'failed'; membersDone: number; membersTotal: number };

/** What one kind of population run plugs into the loop. */
export type ShardJob<R extends ShardRun, Out> = {
  kind: ShardKind;
  /** The run a claimed shard belongs to (any organisation: workers serve every organisation's runs). */
  runOf(q: Queryable, runId: string): Promise<R | undefined>;
  /** Reads and evaluates the shard's patients (outside any transaction); `members` = patients evaluated. */
  evaluate(db: Db, run: R, shard: ClaimedShard): Promise<{ members: number; out: Out }>;
  /** Stores the results and counts the shard, in the caller's transaction; true when it was the run's last shard. */
  save(q: Queryable, run: R, out: Out, members: number): Promise<boolean>;
  /** Completes the run after its last shard, in the same transaction. */
  finish(q: Queryable, run: R, now: Date): Promise<void>;
  fail(q: Queryable, runId: string, error: string, now: Date): Promise<void>;
};

class LeaseLost extends Error {}

/** Works on open shards of `job.kind` until none is left (or maxShards); returns how many shards this call completed. */
export async function workOnShards<R extends ShardRun, Out>(db: Db, clock: Clock, job: ShardJob<R, Out>, o: WorkOptions = {}): Promise<number> {
  const worker = o.worker ?? defaultWorker();
  let completed = 0;
  while (o.maxShards === undefined || completed < o.maxShards) {
    const shard = await claimShard(db, { kind: job.kind, runId: o.runId, worker, now: clock.now(), leaseSeconds: LEASE_SECONDS });
    if (!shard) break;
    const run = await job.runOf(db, shard.runId);
    if (!run || run.status !== 'running') {
      await db.tx((q) => failOpenShards(q, shard.runId));
      continue;
    }
    try {
      const { members, out } = await job.evaluate(db, run, shard);
      await db.tx(async (q) => {
        if (!(await completeShard(q, { runId: run.id, shard: shard.shard, worker, members, now: clock.now() }))) throw new LeaseLost();
        if (await job.save(q, run, out, members)) await job.finish(q, run, clock.now());
      });
      completed++;
      o.onProgress?.({ id: run.id, membersDone: run.membersDone + members, membersTotal: run.membersTotal });
    } catch (err) {
      if (err instanceof LeaseLost) continue; // another worker took the shard over and stores it
      const error = err instanceof Error ? err : new Error(String(err));
      o.onError?.(error, shard);
      if (shard.attempts >= MAX_ATTEMPTS) {
        await db.tx(async (q) => {
          await job.fail(q, run.id, `shard ${shard.shard} failed ${shard.attempts} times: ${error.message}`, clock.now());
          await failOpenShards(q, run.id);
        });
      } else await releaseShard(db, { runId: run.id, shard: shard.shard, worker });
    }
  }
  return completed;
}
