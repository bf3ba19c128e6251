// Outreach attempts on work items. SQL only; every query is scoped by org_id.
import type { OutreachAttempt, OutreachChannel, OutreachOutcome } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';
import { ts } from './worklists.shared.ts';

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
