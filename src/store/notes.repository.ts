// Organisation note templates (issue 6 item 6). One row per organisation; none means the shipped default.
import type { Queryable } from './db.ts';

export type StoredNoteTemplate = { body: string; updatedAt: string; updatedByName: string };

export async function findNoteTemplate(q: Queryable, orgId: string): Promise<StoredNoteTemplate | undefined> {
  const rows = await q.query<StoredNoteTemplate>(
    `SELECT t.body, to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", u.display_name AS "updatedByName"
       FROM note_templates t JOIN users u ON u.id = t.updated_by WHERE t.org_id = $1`,
    [orgId],
  );
  return rows[0];
}

export async function upsertNoteTemplate(q: Queryable, c: { orgId: string; userId: string; now: Date }, body: string): Promise<void> {
  await q.query(
    `INSERT INTO note_templates (org_id, body, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [c.orgId, body, c.userId, c.now],
  );
}
