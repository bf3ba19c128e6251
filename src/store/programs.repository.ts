// MTM programs and enrollments (opt-out closes the enrollment's active items). SQL only; every query is scoped by org_id.
import type { Enrollment, OptOutReason, Program, ProgramKind } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';
import { ts } from './worklists.shared.ts';

// ---- programs -------------------------------------------------------------------------------------------------

const PROGRAM_COLUMNS = `id, name, kind, year, criteria, active, ${ts('created_at')} AS "createdAt"`;

export async function insertProgram(
  q: Queryable,
  p: { orgId: string; name: string; kind: ProgramKind; year: number; criteria: unknown; active: boolean; createdBy: string },
): Promise<Program> {
  const rows = await q.query<Program>(
    `INSERT INTO programs (org_id, name, kind, year, criteria, active, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${PROGRAM_COLUMNS}`,
    [p.orgId, p.name, p.kind, p.year, JSON.stringify(p.criteria), p.active, p.createdBy],
  );
  return rows[0]!;
}

export async function listPrograms(q: Queryable, orgId: string): Promise<(Program & { enrolled: number })[]> {
  return q.query<Program & { enrolled: number }>(
    `SELECT ${PROGRAM_COLUMNS},
            (SELECT count(*)::int FROM enrollments e WHERE e.program_id = programs.id AND e.opted_out_on IS NULL) AS enrolled
       FROM programs WHERE org_id = $1 ORDER BY year DESC, name`,
    [orgId],
  );
}

export async function findProgram(q: Queryable, orgId: string, id: string): Promise<Program | undefined> {
  return (await q.query<Program>(`SELECT ${PROGRAM_COLUMNS} FROM programs WHERE org_id = $1 AND id = $2`, [orgId, id]))[0];
}

export async function setProgramActive(q: Queryable, orgId: string, id: string, active: boolean): Promise<boolean> {
  return (await q.query('UPDATE programs SET active = $3 WHERE org_id = $1 AND id = $2 RETURNING id', [orgId, id, active])).length > 0;
}

// ---- enrollments ----------------------------------------------------------------------------------------------

const ENROLLMENT_COLUMNS = `e.id, e.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", e.program_id AS "programId",
  e.enrolled_on AS "enrolledOn", e.opted_out_on AS "optedOutOn", e.opt_out_reason AS "optOutReason", e.opt_out_note AS "optOutNote"`;

export async function insertEnrollment(
  q: Queryable,
  e: { orgId: string; programId: string; patientId: string; enrolledOn: string; createdBy: string },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    'INSERT INTO enrollments (org_id, program_id, patient_id, enrolled_on, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [e.orgId, e.programId, e.patientId, e.enrolledOn, e.createdBy],
  );
  return rows[0]!.id;
}

export async function findEnrollment(q: Queryable, orgId: string, id: string, forUpdate = false): Promise<Enrollment | undefined> {
  const rows = await q.query<Enrollment>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM enrollments e JOIN patients p ON p.id = e.patient_id WHERE e.org_id = $1 AND e.id = $2${forUpdate ? ' FOR UPDATE OF e' : ''}`,
    [orgId, id],
  );
  return rows[0];
}

export async function listEnrollments(
  q: Queryable,
  orgId: string,
  programId: string,
  limit: number,
  offset: number,
): Promise<{ items: Enrollment[]; total: number }> {
  const total = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE org_id = $1 AND program_id = $2', [orgId, programId]))[0]!.n;
  const items = await q.query<Enrollment>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM enrollments e JOIN patients p ON p.id = e.patient_id
      WHERE e.org_id = $1 AND e.program_id = $2 ORDER BY lower(p.last_name), lower(p.first_name), e.id LIMIT $3 OFFSET $4`,
    [orgId, programId, limit, offset],
  );
  return { items, total };
}

export async function optOutEnrollment(
  q: Queryable,
  orgId: string,
  id: string,
  o: { reason: OptOutReason; date: string; note: string | null },
): Promise<void> {
  await q.query('UPDATE enrollments SET opted_out_on = $3, opt_out_reason = $4, opt_out_note = $5 WHERE org_id = $1 AND id = $2', [
    orgId,
    id,
    o.date,
    o.reason,
    o.note,
  ]);
}

/** Closes the enrollment's open and claimed items; returns how many. */
export async function closeEnrollmentItems(q: Queryable, orgId: string, enrollmentId: string, reason: string, now: Date): Promise<number> {
  const rows = await q.query(
    `UPDATE work_items SET status = 'declined', closed_reason = $3, scheduled_at = NULL, updated_at = $4
      WHERE org_id = $1 AND enrollment_id = $2 AND status IN ('open', 'claimed') RETURNING id`,
    [orgId, enrollmentId, reason, now],
  );
  return rows.length;
}

// ---- enrollments from a targeting run -------------------------------------------------------------------------

export type RunEnrollment = { id: string; patientId: string; enrolledOn: string; optedOutOn: string | null };

/**
 * Enrolls the run's eligible patients who have no enrollment in the program (active or opted out: an opt-out is
 * never undone), enrolled on the date they met the criteria — for a panel program, which has no date met (its
 * criteria are facts on one day, not a history), the run's as-of day. A patient who has died since is enrolled and opted out
 * at once with reason 01 (death), as the CMS beneficiary file expects of a targeted member who died. Returns the
 * enrollments made; two runs finishing at once cannot enroll anyone twice (unique program + patient).
 */
export async function insertRunEnrollments(
  q: Queryable,
  r: { runId: string; orgId: string; programId: string; createdBy: string | null; now: Date },
): Promise<RunEnrollment[]> {
  return q.query<RunEnrollment>(
    `INSERT INTO enrollments (org_id, program_id, patient_id, enrolled_on, opted_out_on, opt_out_reason, opt_out_note, created_by, created_at, source_run_id)
     SELECT r.org_id, $3, r.patient_id, coalesce(r.date_met, t.as_of),
            CASE WHEN p.deceased_date IS NOT NULL THEN greatest(p.deceased_date, coalesce(r.date_met, t.as_of)) END,
            CASE WHEN p.deceased_date IS NOT NULL THEN '01' END,
            CASE WHEN p.deceased_date IS NOT NULL THEN 'Died ' || p.deceased_date::text || '; enrolled by a targeting run and opted out at once' END,
            $4, $5, $1
       FROM target_results r JOIN patients p ON p.id = r.patient_id AND p.org_id = r.org_id JOIN target_runs t ON t.id = r.run_id
      WHERE r.run_id = $1 AND r.org_id = $2 AND r.eligible
        AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.program_id = $3 AND e.patient_id = r.patient_id)
      ORDER BY r.patient_id
     ON CONFLICT (program_id, patient_id) DO NOTHING
     RETURNING id, patient_id AS "patientId", enrolled_on AS "enrolledOn", opted_out_on AS "optedOutOn"`,
    [r.runId, r.orgId, r.programId, r.createdBy, r.now],
  );
}

/** Programs of the organisation with this name (one per year), newest year first. */
export async function findProgramsByName(q: Queryable, orgId: string, name: string): Promise<Program[]> {
  return q.query<Program>(`SELECT ${PROGRAM_COLUMNS} FROM programs WHERE org_id = $1 AND name = $2 ORDER BY year DESC`, [orgId, name]);
}
