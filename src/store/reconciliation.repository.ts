// Medication reconciliation of an MTM encounter, and what signing it needs to know about the chart.
// Every query is scoped by org_id (children of an encounter are reached through it).
import type { ReconciliationAction } from '../domain/encounters.ts';
import type { Queryable } from './db.ts';

type Ctx = { orgId: string; userId: string; now: Date };

export async function medicationOfPatient(q: Queryable, orgId: string, patientId: string, medicationId: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM medications WHERE id = $1 AND org_id = $2 AND patient_id = $3', [medicationId, orgId, patientId]);
  return rows.length > 0;
}

export type ReconciliationValues = { action: ReconciliationAction; note: string | null; newSig: string | null; addedInReview?: boolean };

/** Records (or replaces) the decision for one medication. Once added in the review, an entry stays marked so. */
export async function upsertReconciliation(q: Queryable, c: Ctx, encounterId: string, medicationId: string, v: ReconciliationValues): Promise<void> {
  await q.query(
    `INSERT INTO mtm_reconciliation (org_id, encounter_id, medication_id, action, note, new_sig, added_in_review, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (encounter_id, medication_id) DO UPDATE
       SET action = EXCLUDED.action, note = EXCLUDED.note, new_sig = EXCLUDED.new_sig,
           added_in_review = mtm_reconciliation.added_in_review OR EXCLUDED.added_in_review,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [c.orgId, encounterId, medicationId, v.action, v.note, v.newSig, v.addedInReview ?? false, c.userId, c.now],
  );
}

/** One reconciliation entry beside the chart medication it is about, as signing finds them. */
export type EntryAgainstChart = {
  /** Position in the encounter's reconciliation list (the API's order), for error pointers. */
  index: number;
  medicationId: string;
  display: string;
  action: ReconciliationAction;
  note: string | null;
  newSig: string | null;
  sig: string | null;
  startDate: string | null;
  stopDate: string | null;
};

/**
 * The encounter's entries in API order, each with its chart medication locked for the rest of the transaction: a
 * stop or edit made in the chart meanwhile is either seen here or waits until the signature has committed.
 */
export async function entriesAgainstChart(q: Queryable, orgId: string, encounterId: string): Promise<EntryAgainstChart[]> {
  const rows = await q.query<Omit<EntryAgainstChart, 'index'>>(
    `SELECT r.medication_id AS "medicationId", m.display, r.action, r.note, r.new_sig AS "newSig", m.sig,
            m.start_date AS "startDate", m.stop_date AS "stopDate"
       FROM mtm_reconciliation r JOIN medications m ON m.id = r.medication_id AND m.org_id = r.org_id
      WHERE r.encounter_id = $1 AND r.org_id = $2
      ORDER BY r.seq
        FOR UPDATE OF m`,
    [encounterId, orgId],
  );
  return rows.map((r, index) => ({ ...r, index }));
}

/** Keeps the directions a signed "changed sig" replaced on the chart. */
export async function recordPreviousSig(q: Queryable, orgId: string, encounterId: string, medicationId: string, sig: string | null): Promise<void> {
  await q.query('UPDATE mtm_reconciliation SET previous_sig = $4 WHERE encounter_id = $1 AND org_id = $2 AND medication_id = $3', [
    encounterId, orgId, medicationId, sig,
  ]);
}
