// The shard queue of population runs (migration 0008): shards are created with the run, claimed one at a time
// under a lease with FOR UPDATE SKIP LOCKED (several processes never take the same shard), completed in the same
// transaction as the shard's results, or released for another try.
import type { Queryable } from './db.ts';

export type ShardKind = 'measures' | 'targeting';
export type ClaimedShard = { runId: string; shard: number; firstPatientId: string; nextPatientId: string | null; attempts: number };

/** Splits the organisation's patients (id order) into shards of `size`; returns how many shards. */
export async function createShards(q: Queryable, s: { runId: string; kind: ShardKind; orgId: string; size: number }): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `WITH bounds AS (
       SELECT id, (rn - 1) / $4 AS shard FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM patients WHERE org_id = $3) t
        WHERE (rn - 1) % $4 = 0),
     made AS (
       INSERT INTO population_shards (run_id, kind, shard, first_patient_id, next_patient_id)
       SELECT $1, $2, shard, id, lead(id) OVER (ORDER BY id) FROM bounds RETURNING 1)
     SELECT count(*)::int AS n FROM made`,
    [s.runId, s.kind, s.orgId, s.size],
  );
  return rows[0]!.n;
}

/**
 * Takes the next open shard (pending, or running with an expired lease) of runs of `kind` — of one run when
 * `runId` is given — for `worker` until now + leaseSeconds. Undefined when none is open.
 */
export async function claimShard(
  q: Queryable,
  c: { kind: ShardKind; runId?: string | undefined; worker: string; now: Date; leaseSeconds: number },
): Promise<ClaimedShard | undefined> {
  const rows = await q.query<ClaimedShard>(
    `UPDATE population_shards s
        SET status = 'running', worker = $3, lease_until = $4::timestamptz + make_interval(secs => $5), attempts = s.attempts + 1
       FROM (SELECT run_id, shard FROM population_shards
              WHERE kind = $1 AND ($2::uuid IS NULL OR run_id = $2::uuid)
                AND (status = 'pending' OR (status = 'running' AND lease_until < $4::timestamptz))
              ORDER BY run_id, shard LIMIT 1 FOR UPDATE SKIP LOCKED) open
      WHERE s.run_id = open.run_id AND s.shard = open.shard
      RETURNING s.run_id AS "runId", s.shard, s.first_patient_id AS "firstPatientId", s.next_patient_id AS "nextPatientId", s.attempts`,
    [c.kind, c.runId ?? null, c.worker, c.now, c.leaseSeconds],
  );
  return rows[0];
}

/** Marks the shard done if `worker` still holds it; false when its lease was taken over (the caller rolls back). */
export async function completeShard(q: Queryable, s: { runId: string; shard: number; worker: string; members: number; now: Date }): Promise<boolean> {
  const rows = await q.query(
    `UPDATE population_shards SET status = 'done', members = $4, finished_at = $5, lease_until = NULL
      WHERE run_id = $1 AND shard = $2 AND status = 'running' AND worker = $3 RETURNING 1`,
    [s.runId, s.shard, s.worker, s.members, s.now],
  );
  return rows.length === 1;
}

/** Gives the shard back for another try (after an error). */
export async function releaseShard(q: Queryable, s: { runId: string; shard: number; worker: string }): Promise<void> {
  await q.query(`UPDATE population_shards SET status = 'pending', worker = NULL, lease_until = NULL WHERE run_id = $1 AND shard = $2 AND worker = $3 AND status = 'running'`, [
    s.runId, s.shard, s.worker,
  ]);
}

/** Stops a run's open shards (the run failed). */
export async function failOpenShards(q: Queryable, runId: string): Promise<void> {
  await q.query(`UPDATE population_shards SET status = 'failed', lease_until = NULL WHERE run_id = $1 AND status IN ('pending', 'running')`, [runId]);
}
