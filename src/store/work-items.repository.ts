// Work items: generation inputs and bulk writes, the queue, claim/assign/release/close, and the pharmacist and
// patient facts used to match an item to a pharmacist. SQL only; every query is scoped by org_id.
import type { PriorityFactor, WorkItem, WorkItemKind, WorkItemStatus } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';
import { ts } from './worklists.shared.ts';

// ---- generation -----------------------------------------------------------------------------------------------

/** One generation run per organisation at a time (held until the transaction ends). */
export async function lockOrgGeneration(q: Queryable, orgId: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('worklist-generate:' || $1))", [orgId]);
}

export type GenerationEnrollment = { enrollmentId: string; programId: string; patientId: string; enrolledOn: string; birthDate: string };

/** Active enrollments on asOf: program active, not opted out, enrolled by asOf, patient alive. */
export async function activeEnrollments(q: Queryable, orgId: string, asOf: string): Promise<GenerationEnrollment[]> {
  return q.query<GenerationEnrollment>(
    `SELECT e.id AS "enrollmentId", e.program_id AS "programId", e.patient_id AS "patientId", e.enrolled_on AS "enrolledOn", p.birth_date AS "birthDate"
       FROM enrollments e JOIN programs pr ON pr.id = e.program_id JOIN patients p ON p.id = e.patient_id
      WHERE e.org_id = $1 AND pr.active AND e.opted_out_on IS NULL AND e.enrolled_on <= $2::date
        AND (p.deceased_date IS NULL OR p.deceased_date > $2::date)
      ORDER BY e.patient_id, e.enrolled_on, e.program_id`,
    [orgId, asOf],
  );
}

export type KindHistoryRow = { enrollmentId: string; kind: WorkItemKind; lastDoneOn: string | null; lastClosedDue: string | null; active: boolean };

export async function itemHistory(q: Queryable, orgId: string): Promise<KindHistoryRow[]> {
  return q.query<KindHistoryRow>(
    `SELECT enrollment_id AS "enrollmentId", kind,
            max(completed_on) FILTER (WHERE status = 'done') AS "lastDoneOn",
            max(due_date) FILTER (WHERE status IN ('declined', 'unable-to-reach')) AS "lastClosedDue",
            bool_or(status IN ('open', 'claimed')) AS active
       FROM work_items WHERE org_id = $1 GROUP BY enrollment_id, kind`,
    [orgId],
  );
}

export type ActiveMedRow = { patientId: string; id: string; name: string; rxcui: string | null };

/** Active medications of patients with an enrollment. */
export async function activeMedsOfEnrolled(q: Queryable, orgId: string, asOf: string): Promise<ActiveMedRow[]> {
  return q.query<ActiveMedRow>(
    `SELECT m.patient_id AS "patientId", m.id, m.display AS name, m.rxcui
       FROM medications m
      WHERE m.org_id = $1 AND (m.stop_date IS NULL OR m.stop_date > $2::date) AND (m.start_date IS NULL OR m.start_date <= $2::date)
        AND EXISTS (SELECT 1 FROM enrollments e WHERE e.patient_id = m.patient_id AND e.opted_out_on IS NULL)`,
    [orgId, asOf],
  );
}

export async function recentDischarges(q: Queryable, orgId: string, from: string, to: string): Promise<{ patientId: string; endDate: string; facility: string | null }[]> {
  return q.query(
    `SELECT patient_id AS "patientId", end_date AS "endDate", facility FROM encounters
      WHERE org_id = $1 AND kind = 'inpatient' AND end_date BETWEEN $2::date AND $3::date ORDER BY end_date`,
    [orgId, from, to],
  );
}

export type NewWorkItem = {
  enrollmentId: string;
  programId: string;
  patientId: string;
  kind: WorkItemKind;
  dueDate: string;
  reason: string;
  initial: boolean;
  priority: number;
  factors: PriorityFactor[];
};

/**
 * Inserts recurring items (CMR, TMR, post-discharge), skipping any whose cycle (enrollment, kind, due date) already
 * has one; returns how many were new. Targeted interventions go through interventions.repository.ts.
 */
export async function insertWorkItems(q: Queryable, orgId: string, items: readonly NewWorkItem[], now: Date): Promise<number> {
  let created = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const rows = await q.query(
      `INSERT INTO work_items (org_id, enrollment_id, program_id, patient_id, kind, due_date, reason, initial, priority, priority_factors, created_at, updated_at)
       SELECT $1, x.enrollment_id, x.program_id, x.patient_id, x.kind, x.due_date, x.reason, x.initial, x.priority, x.factors, $11, $11
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::boolean[], $9::smallint[], $10::jsonb[])
              AS x(enrollment_id, program_id, patient_id, kind, due_date, reason, initial, priority, factors)
       ON CONFLICT (enrollment_id, kind, due_date) WHERE topic IS NULL DO NOTHING RETURNING id`,
      [
        orgId,
        chunk.map((c) => c.enrollmentId),
        chunk.map((c) => c.programId),
        chunk.map((c) => c.patientId),
        chunk.map((c) => c.kind),
        chunk.map((c) => c.dueDate),
        chunk.map((c) => c.reason),
        chunk.map((c) => c.initial),
        chunk.map((c) => c.priority),
        chunk.map((c) => JSON.stringify(c.factors)),
        now,
      ],
    );
    created += rows.length;
  }
  return created;
}

export type ActiveItemRow = {
  id: string;
  enrollmentId: string;
  patientId: string;
  kind: WorkItemKind;
  dueDate: string;
  initial: boolean;
  priority: number;
  /** Points earned by the reason itself (targeted interventions), added back when the item is re-scored. */
  reasonFactors: PriorityFactor[];
};

export async function activeItems(q: Queryable, orgId: string): Promise<ActiveItemRow[]> {
  return q.query<ActiveItemRow>(
    `SELECT id, enrollment_id AS "enrollmentId", patient_id AS "patientId", kind, due_date AS "dueDate", initial, priority, reason_factors AS "reasonFactors"
       FROM work_items WHERE org_id = $1 AND status IN ('open', 'claimed')`,
    [orgId],
  );
}

export async function updatePriorities(q: Queryable, orgId: string, rows: readonly { id: string; priority: number; factors: PriorityFactor[] }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await q.query(
      `UPDATE work_items w SET priority = x.priority, priority_factors = x.factors
         FROM unnest($2::uuid[], $3::smallint[], $4::jsonb[]) AS x(id, priority, factors)
        WHERE w.org_id = $1 AND w.id = x.id`,
      [orgId, chunk.map((r) => r.id), chunk.map((r) => r.priority), chunk.map((r) => JSON.stringify(r.factors))],
    );
  }
}

// ---- the queue ------------------------------------------------------------------------------------------------

const ITEM_COLUMNS = `w.id, w.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", w.program_id AS "programId",
  pr.name AS "programName", w.kind, w.due_date AS "dueDate", w.reason, w.priority, w.priority_factors AS "priorityFactors", w.status,
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.display_name) END AS "assignedTo",
  p.language, p.state, ${ts('w.scheduled_at')} AS "scheduledAt", w.closed_reason AS "closedReason", w.completed_on AS "completedOn",
  CASE WHEN ph.id IS NULL THEN NULL ELSE json_build_object('id', ph.id, 'name', ph.name, 'state', ph.state) END AS pharmacy`;
const ITEM_FROM = `work_items w JOIN patients p ON p.id = w.patient_id JOIN programs pr ON pr.id = w.program_id LEFT JOIN users u ON u.id = w.assigned_to
  LEFT JOIN pharmacies ph ON ph.id = p.home_pharmacy_id`;

export type WorkItemFilter = {
  orgId: string;
  statuses: readonly WorkItemStatus[] | undefined;
  programId?: string | undefined;
  kind?: WorkItemKind | undefined;
  dueBefore?: string | undefined;
  language?: string | undefined;
  state?: string | undefined;
  /** The patient's home pharmacy (a pharmacy id). */
  pharmacyId?: string | undefined;
  /** A user id, or null for unassigned items. */
  assignedTo?: string | null | undefined;
  limit: number;
  offset: number;
};

/** Items matching the filter (by priority, then due date) with counts per status over the same filter minus status. */
export async function listWorkItems(
  q: Queryable,
  f: WorkItemFilter,
): Promise<{ items: WorkItem[]; total: number; counts: Record<WorkItemStatus, number> }> {
  const params: unknown[] = [f.orgId];
  const where = ['w.org_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.programId) add('w.program_id = ?', f.programId);
  if (f.kind) add('w.kind = ?', f.kind);
  if (f.dueBefore) add('w.due_date < ?::date', f.dueBefore);
  if (f.language) add('p.language = ?', f.language);
  if (f.state) add('p.state = ?', f.state);
  if (f.pharmacyId) add('p.home_pharmacy_id = ?', f.pharmacyId);
  if (f.assignedTo === null) where.push('w.assigned_to IS NULL');
  else if (f.assignedTo) add('w.assigned_to = ?', f.assignedTo);
  const base = where.join(' AND ');
  const countRows = await q.query<{ status: WorkItemStatus; n: number }>(
    `SELECT w.status, count(*)::int AS n FROM work_items w${f.language || f.state || f.pharmacyId ? ' JOIN patients p ON p.id = w.patient_id' : ''} WHERE ${base} GROUP BY w.status`,
    params,
  );
  const counts: Record<WorkItemStatus, number> = { open: 0, claimed: 0, done: 0, 'unable-to-reach': 0, declined: 0, 'not-needed': 0 };
  for (const r of countRows) counts[r.status] = r.n;
  const statuses = f.statuses ?? (Object.keys(counts) as WorkItemStatus[]);
  const total = statuses.reduce((s, st) => s + counts[st], 0);
  let itemWhere = base;
  const itemParams = [...params];
  if (f.statuses) {
    itemParams.push(f.statuses);
    itemWhere += ` AND w.status = ANY($${itemParams.length}::text[])`;
  }
  const items =
    total === 0
      ? []
      : await q.query<WorkItem>(
          `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE ${itemWhere}
            ORDER BY w.priority DESC, w.due_date, w.id LIMIT $${itemParams.length + 1} OFFSET $${itemParams.length + 2}`,
          [...itemParams, f.limit, f.offset],
        );
  return { items, total, counts };
}

export async function findWorkItem(q: Queryable, orgId: string, id: string): Promise<WorkItem | undefined> {
  return (await q.query<WorkItem>(`SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE w.org_id = $1 AND w.id = $2`, [orgId, id]))[0];
}

export type LockedItem = { id: string; patientId: string; kind: WorkItemKind; status: WorkItemStatus; assignedTo: string | null; assignedRole: string | null };

/** The item's row, locked until the transaction ends. */
export async function lockWorkItem(q: Queryable, orgId: string, id: string): Promise<LockedItem | undefined> {
  const rows = await q.query<LockedItem>(
    `SELECT w.id, w.patient_id AS "patientId", w.kind, w.status, w.assigned_to AS "assignedTo", u.role AS "assignedRole"
       FROM work_items w LEFT JOIN users u ON u.id = w.assigned_to WHERE w.org_id = $1 AND w.id = $2 FOR UPDATE OF w`,
    [orgId, id],
  );
  return rows[0];
}

/** Claims an open item for the user; false when it was not open (someone else got there first). */
export async function claimWorkItem(q: Queryable, orgId: string, id: string, userId: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `UPDATE work_items SET status = 'claimed', assigned_to = $3, assigned_by = $3, assigned_at = $4, updated_at = $4
      WHERE org_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
    [orgId, id, userId, now],
  );
  return rows.length > 0;
}

export async function assignWorkItem(q: Queryable, orgId: string, id: string, userId: string, by: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE work_items SET status = 'claimed', assigned_to = $3, assigned_by = $4, assigned_at = $5, updated_at = $5 WHERE org_id = $1 AND id = $2`,
    [orgId, id, userId, by, now],
  );
}

export async function releaseWorkItem(q: Queryable, orgId: string, id: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE work_items SET status = 'open', assigned_to = NULL, assigned_by = NULL, assigned_at = NULL, updated_at = $3 WHERE org_id = $1 AND id = $2`,
    [orgId, id, now],
  );
}

export async function closeWorkItem(
  q: Queryable,
  orgId: string,
  id: string,
  c: { status: Exclude<WorkItemStatus, 'open' | 'claimed'>; reason: string | null; completedOn?: string; completedBy?: string },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE work_items SET status = $3, closed_reason = $4, completed_on = $5, completed_by = $6, updated_at = $7,
            scheduled_at = CASE WHEN $3 = 'done' THEN scheduled_at ELSE NULL END
      WHERE org_id = $1 AND id = $2`,
    [orgId, id, c.status, c.reason, c.completedOn ?? null, c.completedBy ?? null, now],
  );
}

export async function setItemScheduled(q: Queryable, orgId: string, id: string, at: string | null, now: Date): Promise<void> {
  await q.query('UPDATE work_items SET scheduled_at = $3, updated_at = $4 WHERE org_id = $1 AND id = $2', [orgId, id, at, now]);
}
