// Population measure runs: inputs for a page of patients, results, progress and plan rates.
import type { Queryable } from './db.ts';
import { MEASURE_INPUTS_SELECT, type MeasureInputs } from './measures.repository.ts';

export type RunRow = {
  id: string; orgId: string; year: number; asOf: string; status: 'running' | 'done'; membersTotal: number; membersDone: number;
  cursorPatientId: string | null; classesLabel: string; rates: Record<string, { denominator: number; numerator: number; rate: number | null }> | null;
};

const RUN_COLUMNS = `id, org_id AS "orgId", year, as_of AS "asOf", status, members_total AS "membersTotal", members_done AS "membersDone",
  cursor_patient_id AS "cursorPatientId", classes_label AS "classesLabel", rates`;

export async function createRun(q: Queryable, r: { orgId: string; year: number; asOf: string; classesLabel: string; now: Date }): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO measure_runs (org_id, year, as_of, status, members_total, classes_label, started_at)
     SELECT $1, $2, $3, 'running', count(*)::int, $4, $5 FROM patients WHERE org_id = $1 RETURNING id`,
    [r.orgId, r.year, r.asOf, r.classesLabel, r.now],
  );
  return rows[0]!.id;
}

export async function findRun(q: Queryable, orgId: string, runId: string): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM measure_runs WHERE id = $1 AND org_id = $2`, [runId, orgId]))[0];
}

/** The next page of patients after the cursor, with what the engine needs about each. */
export async function nextPatients(q: Queryable, orgId: string, after: string | null, limit: number): Promise<{ id: string; inputs: MeasureInputs }[]> {
  return q.query<{ id: string; inputs: MeasureInputs }>(
    `SELECT p.id, ${MEASURE_INPUTS_SELECT} AS inputs FROM patients p
      WHERE p.org_id = $1 AND ($2::uuid IS NULL OR p.id > $2::uuid) ORDER BY p.id LIMIT $3`,
    [orgId, after, limit],
  );
}

export type ResultRow = { patientId: string; measure: string; inDenominator: boolean; reason: string; pdc: number | null; numerator: number; refillBy: string | null };

/** Stores a page's results and moves the cursor, in the caller's transaction. */
export async function savePage(q: Queryable, run: { id: string; orgId: string }, rows: readonly ResultRow[], cursor: string, members: number): Promise<void> {
  const col = <T>(f: (r: ResultRow) => T) => rows.map(f);
  await q.query(
    `INSERT INTO measure_results (run_id, org_id, patient_id, measure, in_denominator, reason, pdc, numerator, refill_by)
     SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::boolean[], $6::text[], $7::numeric[], $8::smallint[], $9::date[])
     ON CONFLICT DO NOTHING`,
    [run.id, run.orgId, col((r) => r.patientId), col((r) => r.measure), col((r) => r.inDenominator), col((r) => r.reason), col((r) => r.pdc),
      col((r) => r.numerator), col((r) => r.refillBy)],
  );
  await q.query(`UPDATE measure_runs SET cursor_patient_id = $2, members_done = members_done + $3 WHERE id = $1`, [run.id, cursor, members]);
}

/** Plan rates from the stored results (a small table: one row per member and measure, not raw claims). */
export async function finishRun(q: Queryable, runId: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE measure_runs SET status = 'done', finished_at = $2, rates = (
       SELECT coalesce(json_object_agg(measure, json_build_object('denominator', d, 'numerator', n, 'rate', CASE WHEN d > 0 THEN n::float8 / d END)), '{}'::json)
         FROM (SELECT measure, count(*) FILTER (WHERE in_denominator)::int AS d, coalesce(sum(numerator) FILTER (WHERE in_denominator), 0)::int AS n
                 FROM measure_results WHERE run_id = $1 GROUP BY measure) t)
     WHERE id = $1`,
    [runId, now],
  );
}
