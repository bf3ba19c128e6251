// Programs, enrollments, work items, outreach and appointments. SQL only; every query is scoped by org_id.
import type {
  Appointment,
  AppointmentMode,
  Enrollment,
  OptOutReason,
  OutreachAttempt,
  OutreachChannel,
  OutreachOutcome,
  PriorityFactor,
  Program,
  ProgramKind,
  WorkItem,
  WorkItemKind,
  WorkItemStatus,
} from '../domain/worklists.ts';
import type { Queryable } from './db.ts';

/** A timestamptz column as an ISO 8601 UTC string. */
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

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

/** Inserts items, skipping any whose cycle (enrollment, kind, due date) already has one; returns how many were new. */
export async function insertWorkItems(q: Queryable, orgId: string, items: readonly NewWorkItem[], now: Date): Promise<number> {
  let created = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const rows = await q.query(
      `INSERT INTO work_items (org_id, enrollment_id, program_id, patient_id, kind, due_date, reason, initial, priority, priority_factors, created_at, updated_at)
       SELECT $1, x.enrollment_id, x.program_id, x.patient_id, x.kind, x.due_date, x.reason, x.initial, x.priority, x.factors, $11, $11
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::boolean[], $9::smallint[], $10::jsonb[])
              AS x(enrollment_id, program_id, patient_id, kind, due_date, reason, initial, priority, factors)
       ON CONFLICT (enrollment_id, kind, due_date) DO NOTHING RETURNING id`,
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

export type ActiveItemRow = { id: string; enrollmentId: string; patientId: string; kind: WorkItemKind; dueDate: string; initial: boolean; priority: number };

export async function activeItems(q: Queryable, orgId: string): Promise<ActiveItemRow[]> {
  return q.query<ActiveItemRow>(
    `SELECT id, enrollment_id AS "enrollmentId", patient_id AS "patientId", kind, due_date AS "dueDate", initial, priority
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
  p.language, p.state, ${ts('w.scheduled_at')} AS "scheduledAt", w.closed_reason AS "closedReason", w.completed_on AS "completedOn"`;
const ITEM_FROM = `work_items w JOIN patients p ON p.id = w.patient_id JOIN programs pr ON pr.id = w.program_id LEFT JOIN users u ON u.id = w.assigned_to`;

export type WorkItemFilter = {
  orgId: string;
  statuses: readonly WorkItemStatus[] | undefined;
  programId?: string | undefined;
  kind?: WorkItemKind | undefined;
  dueBefore?: string | undefined;
  language?: string | undefined;
  state?: string | undefined;
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
  if (f.assignedTo === null) where.push('w.assigned_to IS NULL');
  else if (f.assignedTo) add('w.assigned_to = ?', f.assignedTo);
  const base = where.join(' AND ');
  const countRows = await q.query<{ status: WorkItemStatus; n: number }>(
    `SELECT w.status, count(*)::int AS n FROM work_items w${f.language || f.state ? ' JOIN patients p ON p.id = w.patient_id' : ''} WHERE ${base} GROUP BY w.status`,
    params,
  );
  const counts: Record<WorkItemStatus, number> = { open: 0, claimed: 0, done: 0, 'unable-to-reach': 0, declined: 0 };
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
  c: { status: 'done' | 'unable-to-reach' | 'declined'; reason: string | null; completedOn?: string; completedBy?: string },
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

// ---- pharmacists ----------------------------------------------------------------------------------------------

export type PharmacistRow = {
  userId: string;
  name: string;
  role: string;
  active: boolean;
  isPharmacist: boolean;
  languages: string[];
  specialties: string[];
  capacity: number | null;
  licenses: { state: string; expiresOn: string | null }[];
  load: number;
};

const PHARMACIST_SELECT = `SELECT u.id AS "userId", u.display_name AS name, u.role, u.active, (ph.user_id IS NOT NULL) AS "isPharmacist",
    coalesce(ph.languages, '{}') AS languages, coalesce(ph.specialties, '{}') AS specialties, ph.capacity_per_week AS capacity,
    coalesce((SELECT json_agg(json_build_object('state', l.state, 'expiresOn', l.expires_on) ORDER BY l.state)
                FROM pharmacist_licenses l WHERE l.user_id = u.id), '[]') AS licenses,
    (SELECT count(*)::int FROM work_items w WHERE w.assigned_to = u.id AND w.status = 'claimed') AS load
  FROM users u LEFT JOIN pharmacists ph ON ph.user_id = u.id AND ph.org_id = u.org_id`;

/** A user of the organisation with their pharmacist profile (when they have one) and current claimed load. */
export async function findPharmacist(q: Queryable, orgId: string, userId: string): Promise<PharmacistRow | undefined> {
  return (await q.query<PharmacistRow>(`${PHARMACIST_SELECT} WHERE u.org_id = $1 AND u.id = $2`, [orgId, userId]))[0];
}

export async function listPharmacists(q: Queryable, orgId: string): Promise<PharmacistRow[]> {
  return q.query<PharmacistRow>(`${PHARMACIST_SELECT} WHERE u.org_id = $1 AND u.role = 'pharmacist' AND u.active AND ph.user_id IS NOT NULL ORDER BY u.display_name`, [
    orgId,
  ]);
}

/** Locks the pharmacist's profile row: bookings for one pharmacist run one at a time. */
export async function lockPharmacist(q: Queryable, orgId: string, userId: string): Promise<boolean> {
  return (await q.query('SELECT user_id FROM pharmacists WHERE org_id = $1 AND user_id = $2 FOR UPDATE', [orgId, userId])).length > 0;
}

export type PatientFacts = { name: string; state: string | null; language: string; conditions: string[] };

export async function patientFacts(q: Queryable, orgId: string, patientId: string): Promise<PatientFacts | undefined> {
  const rows = await q.query<PatientFacts>(
    `SELECT p.first_name || ' ' || p.last_name AS name, p.state, p.language,
            coalesce((SELECT array_agg(c.display) FROM conditions c WHERE c.patient_id = p.id AND c.clinical_status = 'active'), '{}') AS conditions
       FROM patients p WHERE p.org_id = $1 AND p.id = $2`,
    [orgId, patientId],
  );
  return rows[0];
}

// ---- outreach -------------------------------------------------------------------------------------------------

export async function insertOutreach(
  q: Queryable,
  o: {
    orgId: string;
    patientId: string;
    workItemId: string | null;
    channel: OutreachChannel;
    outcome: OutreachOutcome;
    note: string | null;
    declineReason: string | null;
    at: Date;
    by: string;
  },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO outreach_attempts (org_id, patient_id, work_item_id, channel, outcome, note, decline_reason, at, by_user)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [o.orgId, o.patientId, o.workItemId, o.channel, o.outcome, o.note, o.declineReason, o.at, o.by],
  );
  return rows[0]!.id;
}

/** Attempts on an item: how many failed, and whether any reached the patient. */
export async function outreachTally(q: Queryable, orgId: string, itemId: string, failed: readonly OutreachOutcome[]): Promise<{ failed: number; reached: boolean }> {
  const rows = await q.query<{ failed: number; reached: boolean }>(
    `SELECT count(*) FILTER (WHERE outcome = ANY($3::text[]))::int AS failed, coalesce(bool_or(outcome = 'reached'), false) AS reached
       FROM outreach_attempts WHERE org_id = $1 AND work_item_id = $2`,
    [orgId, itemId, failed],
  );
  return rows[0]!;
}

export async function listOutreach(q: Queryable, orgId: string, patientId: string): Promise<OutreachAttempt[]> {
  return q.query<OutreachAttempt>(
    `SELECT o.id, o.patient_id AS "patientId", o.work_item_id AS "workItemId", o.channel, o.outcome, o.note, o.decline_reason AS "declineReason",
            ${ts('o.at')} AS at, json_build_object('id', u.id, 'name', u.display_name) AS by
       FROM outreach_attempts o JOIN users u ON u.id = o.by_user
      WHERE o.org_id = $1 AND o.patient_id = $2 ORDER BY o.at DESC, o.id`,
    [orgId, patientId],
  );
}

// ---- appointments ---------------------------------------------------------------------------------------------

const APPOINTMENT_COLUMNS = `a.id, a.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", a.pharmacist_id AS "pharmacistId",
  u.display_name AS "pharmacistName", a.work_item_id AS "workItemId", w.kind AS "workItemKind", ${ts('a.starts_at')} AS start, ${ts('a.ends_at')} AS "end",
  a.minutes, a.mode, a.status, a.reminders, a.status_reason AS "statusReason"`;
const APPOINTMENT_FROM = `appointments a JOIN patients p ON p.id = a.patient_id JOIN users u ON u.id = a.pharmacist_id LEFT JOIN work_items w ON w.id = a.work_item_id`;

/** A booked appointment of the pharmacist overlapping [start, start + minutes), other than `exceptId`. */
export async function findOverlap(
  q: Queryable,
  pharmacistId: string,
  start: string,
  minutes: number,
  exceptId: string | null,
): Promise<{ id: string; start: string; end: string } | undefined> {
  const rows = await q.query<{ id: string; start: string; end: string }>(
    `SELECT id, ${ts('starts_at')} AS start, ${ts('ends_at')} AS "end" FROM appointments
      WHERE pharmacist_id = $1 AND status = 'booked' AND starts_at < $2::timestamptz + make_interval(mins => $3::int) AND ends_at > $2::timestamptz
        AND ($4::uuid IS NULL OR id <> $4::uuid)
      ORDER BY starts_at LIMIT 1`,
    [pharmacistId, start, minutes, exceptId],
  );
  return rows[0];
}

export async function insertAppointment(
  q: Queryable,
  a: {
    orgId: string;
    patientId: string;
    pharmacistId: string;
    workItemId: string | null;
    start: string;
    minutes: number;
    mode: AppointmentMode;
    reminders: { sendAt: string; channel: OutreachChannel }[];
    createdBy: string;
    now: Date;
  },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO appointments (org_id, patient_id, pharmacist_id, work_item_id, starts_at, ends_at, minutes, mode, reminders, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + make_interval(mins => $6::int), $6, $7, $8, $9, $10, $10) RETURNING id`,
    [a.orgId, a.patientId, a.pharmacistId, a.workItemId, a.start, a.minutes, a.mode, JSON.stringify(a.reminders), a.createdBy, a.now],
  );
  return rows[0]!.id;
}

export async function findAppointment(q: Queryable, orgId: string, id: string, forUpdate = false): Promise<Appointment | undefined> {
  const rows = await q.query<Appointment>(
    `SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE a.org_id = $1 AND a.id = $2${forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [orgId, id],
  );
  return rows[0];
}

export async function rescheduleAppointment(
  q: Queryable,
  orgId: string,
  id: string,
  r: { start: string; minutes: number; mode: AppointmentMode; reminders: { sendAt: string; channel: OutreachChannel }[] },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE appointments SET starts_at = $3::timestamptz, ends_at = $3::timestamptz + make_interval(mins => $4::int), minutes = $4, mode = $5,
            reminders = $6, updated_at = $7
      WHERE org_id = $1 AND id = $2`,
    [orgId, id, r.start, r.minutes, r.mode, JSON.stringify(r.reminders), now],
  );
}

export async function setAppointmentStatus(q: Queryable, orgId: string, id: string, status: string, reason: string | null, now: Date): Promise<void> {
  await q.query('UPDATE appointments SET status = $3, status_reason = $4, updated_at = $5 WHERE org_id = $1 AND id = $2', [orgId, id, status, reason, now]);
}

export async function listCalendar(q: Queryable, orgId: string, pharmacistId: string, from: string, to: string): Promise<Appointment[]> {
  return q.query<Appointment>(
    `SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM}
      WHERE a.org_id = $1 AND a.pharmacist_id = $2
        AND a.starts_at >= ($3::date)::timestamp AT TIME ZONE 'UTC' AND a.starts_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'
      ORDER BY a.starts_at, a.id`,
    [orgId, pharmacistId, from, to],
  );
}
