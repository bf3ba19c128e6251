// Targeting runs (migrations 0009, 0010: Part D and panel programs): the run, per-patient results stored shard by
// shard with the run's progress, the summary written when the run finishes, and the listings the API and CSV read.
import type { EnrollmentOutcome, PanelCriterionOutcome, PanelDecisionCode, TargetResultRow, TargetRun } from '../domain/targeting.ts';
import type { ProgramKind } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';

export type TargetRunRow = TargetRun;

const RUN_COLUMNS = `id, org_id AS "orgId", program_id AS "programId", (SELECT g.name FROM programs g WHERE g.id = target_runs.program_id) AS "programName",
  program_kind AS "programKind", year, as_of AS "asOf", criteria, status, members_total AS "membersTotal", members_done AS "membersDone", shards_total AS "shardsTotal",
  shards_done AS "shardsDone", knowledge_label AS "knowledgeLabel", summary, error,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "finishedAt",
  (SELECT display_name FROM users u WHERE u.id = target_runs.started_by) AS "startedBy"`;

export async function createTargetRun(
  q: Queryable,
  r: {
    orgId: string; programId: string; programKind: ProgramKind; year: number; asOf: string; criteria: unknown; knowledgeLabel: string; now: Date;
    startedBy?: string | undefined;
  },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO target_runs (org_id, program_id, program_kind, year, as_of, criteria, status, members_total, knowledge_label, started_at, started_by)
     SELECT $1, $2, $9, $3, $4, $5, 'running', count(*)::int, $6, $7, $8 FROM patients WHERE org_id = $1 RETURNING id`,
    [r.orgId, r.programId, r.year, r.asOf, JSON.stringify(r.criteria), r.knowledgeLabel, r.now, r.startedBy ?? null, r.programKind],
  );
  return rows[0]!.id;
}

export async function setTargetShardCount(q: Queryable, runId: string, shards: number): Promise<void> {
  await q.query('UPDATE target_runs SET shards_total = $2 WHERE id = $1', [runId, shards]);
}

export async function findTargetRun(q: Queryable, orgId: string, runId: string): Promise<TargetRunRow | undefined> {
  return (await q.query<TargetRunRow>(`SELECT ${RUN_COLUMNS} FROM target_runs WHERE id = $1 AND org_id = $2`, [runId, orgId]))[0];
}

/** The run a claimed shard belongs to (any organisation: workers serve every organisation's runs). */
export async function targetRunOfShard(q: Queryable, runId: string): Promise<TargetRunRow | undefined> {
  return (await q.query<TargetRunRow>(`SELECT ${RUN_COLUMNS} FROM target_runs WHERE id = $1`, [runId]))[0];
}

export async function listTargetRuns(q: Queryable, orgId: string, programId: string, limit: number, offset: number): Promise<{ items: TargetRunRow[]; total: number }> {
  const items = await q.query<TargetRunRow>(
    `SELECT ${RUN_COLUMNS} FROM target_runs WHERE org_id = $1 AND program_id = $2 ORDER BY started_at DESC, id LIMIT $3 OFFSET $4`,
    [orgId, programId, limit, offset],
  );
  const total = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM target_runs WHERE org_id = $1 AND program_id = $2', [orgId, programId]))[0]!.n;
  return { items, total };
}

/** Who started the run, for the audit entries of its enrollments (undefined: the command line). */
export async function targetRunStarter(q: Queryable, runId: string): Promise<{ userId: string; username: string; role: string } | undefined> {
  const rows = await q.query<{ userId: string; username: string; role: string }>(
    'SELECT u.id AS "userId", u.username, u.role FROM target_runs r JOIN users u ON u.id = r.started_by WHERE r.id = $1',
    [runId],
  );
  return rows[0];
}

/** Part D results have a reason and date met when eligible; panel results a decision and outcomes instead. */
export type StoredTargetResult = {
  patientId: string; memberId: string | null; eligible: boolean; reason: string | null; dateMet: string | null; coreDiseases: string[];
  drugCount: number; annualCost: number | null; evaluatedOn: string | null; notes: string[];
  decision: PanelDecisionCode | null; outcomes: PanelCriterionOutcome[] | null;
};

/**
 * Stores a shard's results and counts the shard, in the caller's transaction; true when it was the run's last shard.
 * A patient stored twice (a shard retried after a lost lease) is kept once.
 */
export async function saveTargetShardResults(q: Queryable, run: { id: string; orgId: string }, rows: readonly StoredTargetResult[], members: number): Promise<boolean> {
  const json = rows.map((r) => ({
    patient_id: r.patientId, member_id: r.memberId, eligible: r.eligible, reason: r.reason, date_met: r.dateMet, core_diseases: r.coreDiseases,
    drug_count: r.drugCount, annual_cost: r.annualCost, evaluated_on: r.evaluatedOn, notes: r.notes, decision: r.decision, outcomes: r.outcomes,
  }));
  await q.query(
    `INSERT INTO target_results (run_id, org_id, patient_id, member_id, eligible, reason, date_met, core_diseases, drug_count, annual_cost, evaluated_on, notes,
                                 decision, outcomes)
     SELECT $1, $2, r.patient_id, r.member_id, r.eligible, r.reason, r.date_met, r.core_diseases, r.drug_count, r.annual_cost, r.evaluated_on, r.notes,
            r.decision, r.outcomes
       FROM json_to_recordset($3::json) AS r(patient_id uuid, member_id text, eligible boolean, reason text, date_met date, core_diseases text[],
                                            drug_count integer, annual_cost numeric, evaluated_on date, notes text[], decision text, outcomes jsonb)
     ON CONFLICT DO NOTHING`,
    [run.id, run.orgId, JSON.stringify(json)],
  );
  const done = await q.query<{ last: boolean }>(
    `UPDATE target_runs SET shards_done = shards_done + 1, members_done = members_done + $2 WHERE id = $1 RETURNING shards_done >= shards_total AS last`,
    [run.id, members],
  );
  return done[0]!.last;
}

/** Marks the run done with its summary, counted from the stored results (their enrollment outcomes set first). */
export async function finishTargetRun(q: Queryable, runId: string, now: Date, enrolledDeceased: number): Promise<void> {
  await q.query(
    `UPDATE target_runs SET status = 'done', finished_at = $2, summary = (
       SELECT json_build_object(
         'members', count(*)::int, 'eligible', count(*) FILTER (WHERE eligible)::int,
         'byReason', json_build_object('01', count(*) FILTER (WHERE reason = '01')::int, '02', count(*) FILTER (WHERE reason = '02')::int,
                                       '03', count(*) FILTER (WHERE reason = '03')::int, '04', count(*) FILTER (WHERE reason = '04')::int),
         'byDecision', CASE WHEN (SELECT program_kind FROM target_runs WHERE id = $1) = 'partd' THEN NULL
           ELSE json_build_object('qualifies', count(*) FILTER (WHERE decision = 'qualifies')::int,
                                  'could-not-assess', count(*) FILTER (WHERE decision = 'could-not-assess')::int,
                                  'not', count(*) FILTER (WHERE decision = 'not')::int) END,
         'enrolledNow', count(*) FILTER (WHERE enrollment = 'enrolled')::int,
         'enrolledDeceased', $3::int,
         'alreadyEnrolled', count(*) FILTER (WHERE enrollment = 'already-enrolled')::int,
         'optedOut', count(*) FILTER (WHERE enrollment = 'opted-out')::int,
         'notEnrolled', count(*) FILTER (WHERE enrollment = 'not-enrolled')::int)
         FROM target_results WHERE run_id = $1)
     WHERE id = $1 AND status = 'running'`,
    [runId, now, enrolledDeceased],
  );
}

export async function failTargetRun(q: Queryable, runId: string, error: string, now: Date): Promise<void> {
  await q.query(`UPDATE target_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`, [runId, error, now]);
}

const resultColumns = (memberId = 'r.member_id') => `r.patient_id AS "patientId", p.last_name || ', ' || p.first_name AS name, p.birth_date AS "birthDate", ${memberId} AS "memberId",
  r.eligible, r.reason, r.date_met AS "dateMet", r.core_diseases AS "coreDiseases", r.drug_count AS "drugCount", r.annual_cost::float8 AS "annualCost",
  r.evaluated_on AS "evaluatedOn", r.notes, r.enrollment, r.decision, r.outcomes`;

/**
 * Eligible patients of a run, earliest date met first (panel programs, which have no date met: by name); optionally
 * one reason code or one enrollment outcome. `decision` (panel runs) lists the patients with that decision instead of
 * the eligible ones, e.g. those the record could not assess.
 */
export async function listEligible(
  q: Queryable,
  f: {
    orgId: string; runId: string; reason?: string | undefined; enrollment?: EnrollmentOutcome | undefined; decision?: PanelDecisionCode | undefined;
    limit: number; offset: number;
  },
): Promise<{ items: TargetResultRow[]; total: number }> {
  const where = `r.run_id = $1 AND r.org_id = $2 AND (CASE WHEN $5::text IS NULL THEN r.eligible ELSE r.decision = $5 END)
    AND ($3::text IS NULL OR r.reason = $3) AND ($4::text IS NULL OR r.enrollment = $4)`;
  const params = [f.runId, f.orgId, f.reason ?? null, f.enrollment ?? null, f.decision ?? null];
  const items = await q.query<TargetResultRow>(
    `SELECT ${resultColumns()} FROM target_results r JOIN patients p ON p.id = r.patient_id AND p.org_id = r.org_id
      WHERE ${where} ORDER BY r.date_met, lower(p.last_name), lower(p.first_name), r.patient_id LIMIT $6 OFFSET $7`,
    [...params, f.limit, f.offset],
  );
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM target_results r WHERE ${where}`, params))[0]!.n;
  return { items, total };
}

/**
 * Every result of a run for the CSV export, in patient order. member_id: the member id the run used (Part D: the Part
 * D coverage's; panels: the program's coverage on the as-of day), else the patient's latest coverage member id.
 */
export async function targetRunResults(q: Queryable, orgId: string, runId: string): Promise<TargetResultRow[]> {
  return q.query<TargetResultRow>(
    `SELECT ${resultColumns('coalesce(r.member_id, (SELECT c.member_id FROM coverages c WHERE c.patient_id = r.patient_id ORDER BY c.start_date DESC LIMIT 1))')}
       FROM target_results r JOIN patients p ON p.id = r.patient_id AND p.org_id = r.org_id
      WHERE r.run_id = $1 AND r.org_id = $2 ORDER BY r.patient_id`,
    [runId, orgId],
  );
}

/** Records what the run's end did about each eligible patient's enrollment in the program (see EnrollmentOutcome). */
export async function setEnrollmentOutcomes(q: Queryable, runId: string, programId: string): Promise<void> {
  await q.query(
    `UPDATE target_results r SET enrollment = coalesce((
       SELECT CASE WHEN e.source_run_id = $1 THEN 'enrolled' WHEN e.opted_out_on IS NOT NULL THEN 'opted-out' ELSE 'already-enrolled' END
         FROM enrollments e WHERE e.program_id = $2 AND e.patient_id = r.patient_id), 'not-enrolled')
      WHERE r.run_id = $1 AND r.eligible`,
    [runId, programId],
  );
}
