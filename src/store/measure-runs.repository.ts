// Population measure runs: the run, its members' inputs by shard, results, progress, plan rates, the rescue list.
import type { Queryable } from './db.ts';
import { MEASURE_INPUTS_SELECT, type MeasureInputs } from './measures.repository.ts';

export type Rates = Record<string, { denominator: number; numerator: number; rate: number | null }>;

export type RunRow = {
  id: string; orgId: string; year: number; asOf: string; status: 'running' | 'done' | 'failed'; membersTotal: number; membersDone: number;
  shardsTotal: number; shardsDone: number; classesLabel: string; rates: Rates | null; error: string | null;
  startedAt: string; finishedAt: string | null; startedBy: string | null;
};

const RUN_COLUMNS = `id, org_id AS "orgId", year, as_of AS "asOf", status, members_total AS "membersTotal", members_done AS "membersDone",
  shards_total AS "shardsTotal", shards_done AS "shardsDone", classes_label AS "classesLabel", rates, error,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "finishedAt",
  (SELECT display_name FROM users u WHERE u.id = measure_runs.started_by) AS "startedBy"`;

export async function createRun(q: Queryable, r: { orgId: string; year: number; asOf: string; classesLabel: string; now: Date; startedBy?: string | undefined }): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO measure_runs (org_id, year, as_of, status, members_total, classes_label, started_at, started_by)
     SELECT $1, $2, $3, 'running', count(*)::int, $4, $5, $6 FROM patients WHERE org_id = $1 RETURNING id`,
    [r.orgId, r.year, r.asOf, r.classesLabel, r.now, r.startedBy ?? null],
  );
  return rows[0]!.id;
}

export async function setShardCount(q: Queryable, runId: string, shards: number): Promise<void> {
  await q.query('UPDATE measure_runs SET shards_total = $2 WHERE id = $1', [runId, shards]);
}

export async function findRun(q: Queryable, orgId: string, runId: string): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM measure_runs WHERE id = $1 AND org_id = $2`, [runId, orgId]))[0];
}

/** The run a claimed shard belongs to (any organisation: workers serve every organisation's runs). */
export async function runOfShard(q: Queryable, runId: string): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM measure_runs WHERE id = $1`, [runId]))[0];
}

export async function listRuns(q: Queryable, orgId: string, limit: number, offset: number): Promise<{ items: RunRow[]; total: number }> {
  const items = await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM measure_runs WHERE org_id = $1 ORDER BY started_at DESC, id LIMIT $2 OFFSET $3`, [orgId, limit, offset]);
  const total = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM measure_runs WHERE org_id = $1', [orgId]))[0]!.n;
  return { items, total };
}

/** Patients of one shard, [first, next) in id order, with what the engine needs about each. */
export async function shardPatients(q: Queryable, orgId: string, first: string, next: string | null): Promise<{ id: string; inputs: MeasureInputs }[]> {
  return q.query<{ id: string; inputs: MeasureInputs }>(
    `SELECT p.id, ${MEASURE_INPUTS_SELECT} AS inputs FROM patients p
      WHERE p.org_id = $1 AND p.id >= $2::uuid AND ($3::uuid IS NULL OR p.id < $3::uuid) ORDER BY p.id`,
    [orgId, first, next],
  );
}

export type ResultRow = { patientId: string; measure: string; inDenominator: boolean; reason: string; pdc: number | null; numerator: number; refillBy: string | null };

/**
 * Stores a shard's results and counts the shard, in the caller's transaction; true when it was the run's last shard.
 * Results of a patient stored twice (a shard retried after a lost lease) are kept once.
 */
export async function saveShardResults(q: Queryable, run: { id: string; orgId: string }, rows: readonly ResultRow[], members: number): Promise<boolean> {
  const col = <T>(f: (r: ResultRow) => T) => rows.map(f);
  await q.query(
    `INSERT INTO measure_results (run_id, org_id, patient_id, measure, in_denominator, reason, pdc, numerator, refill_by)
     SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::boolean[], $6::text[], $7::numeric[], $8::smallint[], $9::date[])
     ON CONFLICT DO NOTHING`,
    [run.id, run.orgId, col((r) => r.patientId), col((r) => r.measure), col((r) => r.inDenominator), col((r) => r.reason), col((r) => r.pdc),
      col((r) => r.numerator), col((r) => r.refillBy)],
  );
  const done = await q.query<{ last: boolean }>(
    `UPDATE measure_runs SET shards_done = shards_done + 1, members_done = members_done + $2 WHERE id = $1 RETURNING shards_done >= shards_total AS last`,
    [run.id, members],
  );
  return done[0]!.last;
}

/** Plan rates from the stored results (a small table: one row per member and measure, not raw claims). */
export async function finishRun(q: Queryable, runId: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE measure_runs SET status = 'done', finished_at = $2, rates = (
       SELECT coalesce(json_object_agg(measure, json_build_object('denominator', d, 'numerator', n, 'rate', CASE WHEN d > 0 THEN n::float8 / d END)), '{}'::json)
         FROM (SELECT measure, count(*) FILTER (WHERE in_denominator)::int AS d, coalesce(sum(numerator) FILTER (WHERE in_denominator), 0)::int AS n
                 FROM measure_results WHERE run_id = $1 GROUP BY measure) t)
     WHERE id = $1 AND status = 'running'`,
    [runId, now],
  );
}

export async function failRun(q: Queryable, runId: string, error: string, now: Date): Promise<void> {
  await q.query(`UPDATE measure_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`, [runId, error, now]);
}

export type RescueRow = {
  patientId: string; name: string; birthDate: string; memberId: string | null; measure: string; pdc: number; refillBy: string;
};

/** Member-measures below the threshold that one refill by refill_by still rescues, most urgent first. */
export async function rescueList(q: Queryable, orgId: string, runId: string, limit: number, offset: number): Promise<{ items: RescueRow[]; total: number }> {
  const items = await q.query<RescueRow>(
    `SELECT r.patient_id AS "patientId", p.last_name || ', ' || p.first_name AS name, p.birth_date AS "birthDate",
            (SELECT c.member_id FROM coverages c WHERE c.patient_id = p.id ORDER BY c.start_date DESC LIMIT 1) AS "memberId",
            r.measure, r.pdc::float8 AS pdc, r.refill_by AS "refillBy"
       FROM measure_results r JOIN patients p ON p.id = r.patient_id AND p.org_id = r.org_id
      WHERE r.run_id = $1 AND r.org_id = $2 AND r.refill_by IS NOT NULL AND r.numerator = 0
      ORDER BY r.refill_by, r.pdc, p.id, r.measure LIMIT $3 OFFSET $4`,
    [runId, orgId, limit, offset],
  );
  const total = (await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM measure_results WHERE run_id = $1 AND org_id = $2 AND refill_by IS NOT NULL AND numerator = 0',
    [runId, orgId],
  ))[0]!.n;
  return { items, total };
}

/** One row per member and measure, for the CSV export, in patient order. */
export async function runResults(q: Queryable, orgId: string, runId: string): Promise<(ResultRow & { memberId: string | null })[]> {
  return q.query(
    `SELECT r.patient_id AS "patientId", (SELECT c.member_id FROM coverages c WHERE c.patient_id = r.patient_id ORDER BY c.start_date DESC LIMIT 1) AS "memberId",
            r.measure, r.in_denominator AS "inDenominator", r.reason, r.pdc::float8 AS pdc, r.numerator, r.refill_by AS "refillBy"
       FROM measure_results r WHERE r.run_id = $1 AND r.org_id = $2 ORDER BY r.patient_id, r.measure`,
    [runId, orgId],
  );
}

export async function getCutPoints(q: Queryable, orgId: string): Promise<unknown> {
  return (await q.query<{ document: unknown }>('SELECT document FROM star_cut_points WHERE org_id = $1', [orgId]))[0]?.document;
}

export async function putCutPoints(q: Queryable, orgId: string, document: unknown, userId: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO star_cut_points (org_id, document, updated_at, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [orgId, JSON.stringify(document), now, userId],
  );
}
