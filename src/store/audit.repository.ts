// The append-only audit log (UPDATE/DELETE/TRUNCATE are refused by a trigger in the schema).
import type { AuditEntry, AuditRow } from '../domain/shapes.ts';
import type { Queryable } from './db.ts';

export type { AuditEntry, AuditRow };

export async function appendAudit(q: Queryable, e: AuditEntry, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, org_id, user_id, username, role, action, resource_type, resource_id, patient_id, outcome, ip, user_agent, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [at, e.orgId, e.userId, e.username, e.role, e.action, e.resourceType, e.resourceId, e.patientId, e.outcome, e.ip, e.userAgent,
      e.detail === null ? null : JSON.stringify(e.detail)],
    { prepare: 'audit_append' },
  );
}

export type AuditFilter = {
  orgId: string;
  patientId?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  outcome?: 'success' | 'denied' | 'error' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
};

export async function queryAudit(q: Queryable, f: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  const where = ['org_id = $1'];
  const params: unknown[] = [f.orgId];
  // `{}` stands for the value's parameter ($n); `?` is left alone (it is also the jsonb key-exists operator).
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('{}', `$${params.length}`));
  };
  // A search that showed the patient in its results counts as an access to that patient.
  if (f.patientId) add("(patient_id = {}::uuid OR detail->'shown' ? {}::text)", f.patientId);
  if (f.userId) add('user_id = {}', f.userId);
  if (f.action) add('action = {}', f.action);
  if (f.outcome) add('outcome = {}', f.outcome);
  if (f.from) add('at >= {}::date', f.from);
  if (f.to) add('at < ({}::date + 1)', f.to);
  const whereSql = where.join(' AND ');
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${whereSql}`, params))[0]!.n;
  const items = await q.query<AuditRow>(
    `SELECT id::text, at, org_id AS "orgId", user_id AS "userId", username, role, action, resource_type AS "resourceType",
            resource_id AS "resourceId", patient_id AS "patientId", outcome, ip, user_agent AS "userAgent", detail
       FROM audit_log WHERE ${whereSql} ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items, total };
}

/** Appends many entries in one statement (a targeting run's enrollments), in the caller's transaction. */
export async function appendAuditBatch(q: Queryable, entries: readonly AuditEntry[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    org_id: e.orgId, user_id: e.userId, username: e.username, role: e.role, action: e.action, resource_type: e.resourceType, resource_id: e.resourceId,
    patient_id: e.patientId, outcome: e.outcome, ip: e.ip, user_agent: e.userAgent, detail: e.detail,
  }));
  await q.query(
    `INSERT INTO audit_log (at, org_id, user_id, username, role, action, resource_type, resource_id, patient_id, outcome, ip, user_agent, detail)
     SELECT $1, r.org_id, r.user_id, r.username, r.role, r.action, r.resource_type, r.resource_id, r.patient_id, r.outcome, r.ip, r.user_agent, r.detail
       FROM json_to_recordset($2::json) AS r(org_id uuid, user_id uuid, username text, role text, action text, resource_type text, resource_id text,
                                            patient_id uuid, outcome text, ip text, user_agent text, detail jsonb)`,
    [at, JSON.stringify(rows)],
  );
}
