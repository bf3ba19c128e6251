// Appointments with pharmacists and their calendars. SQL only; every query is scoped by org_id.
import type { Appointment, AppointmentMode, OutreachChannel } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';
import { ts } from './worklists.shared.ts';

const APPOINTMENT_COLUMNS = `a.id, a.patient_id AS "patientId", p.first_name || ' ' || p.last_name AS "patientName", a.pharmacist_id AS "pharmacistId",
  u.display_name AS "pharmacistName", a.work_item_id AS "workItemId", w.kind AS "workItemKind", ${ts('a.starts_at')} AS start, ${ts('a.ends_at')} AS "end",
  a.minutes, a.mode, a.status, a.reminders, a.status_reason AS "statusReason"`;
const APPOINTMENT_FROM = `appointments a JOIN patients p ON p.id = a.patient_id JOIN users u ON u.id = a.pharmacist_id LEFT JOIN work_items w ON w.id = a.work_item_id`;

/** Locks the pharmacist's profile row: bookings for one pharmacist run one at a time. */
export async function lockPharmacist(q: Queryable, orgId: string, userId: string): Promise<boolean> {
  return (await q.query('SELECT user_id FROM pharmacists WHERE org_id = $1 AND user_id = $2 FOR UPDATE', [orgId, userId])).length > 0;
}

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
