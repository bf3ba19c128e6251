// MTM encounters and their children. Every query is scoped by org_id; one statement loads a whole encounter.
import type { Encounter, EncounterSummary } from '../domain/encounters.ts';
import type { Queryable } from './db.ts';

type Ctx = { orgId: string; userId: string; now: Date };

/** What a write needs to know before changing an encounter. */
export type EncounterHead = {
  id: string;
  patientId: string;
  kind: Encounter['kind'];
  status: Encounter['status'];
  version: number;
  createdBy: string;
  signedBy: string | null;
  /** UTC day of creation, YYYY-MM-DD. */
  createdOn: string;
  takeawaySentAt: string | null;
};

const HEAD_COLUMNS = `id, patient_id AS "patientId", kind, status, version, created_by AS "createdBy", signed_by AS "signedBy",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "createdOn", takeaway_sent_at AS "takeawaySentAt"`;

export async function findEncounterHead(q: Queryable, orgId: string, encounterId: string): Promise<EncounterHead | undefined> {
  const rows = await q.query<EncounterHead>(`SELECT ${HEAD_COLUMNS} FROM mtm_encounters WHERE id = $1 AND org_id = $2`, [encounterId, orgId], {
    prepare: 'mtm_encounter_head',
  });
  return rows[0];
}

/** The head, locked for the rest of the transaction (serialises concurrent writers to one encounter). */
export async function lockEncounterHead(q: Queryable, orgId: string, encounterId: string): Promise<EncounterHead | undefined> {
  const rows = await q.query<EncounterHead>(`SELECT ${HEAD_COLUMNS} FROM mtm_encounters WHERE id = $1 AND org_id = $2 FOR UPDATE`, [encounterId, orgId], {
    prepare: 'mtm_encounter_lock',
  });
  return rows[0];
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const DUE = `CASE WHEN e.kind = 'cmr' THEN to_char((e.created_at AT TIME ZONE 'UTC')::date + 14, 'YYYY-MM-DD') END`;
const TOTAL = `coalesce((SELECT sum(t.minutes) FROM mtm_time_entries t WHERE t.encounter_id = e.id), 0)::int`;

const RECONCILIATION_FIELDS = `'medicationId', r.medication_id, 'action', r.action, 'note', r.note, 'newSig', r.new_sig,
      'previousSig', r.previous_sig, 'addedInReview', r.added_in_review`;

// Carry-forward: the patient's latest review signed before this one (an open review has no signing time yet, so
// its previous review is the latest signed one). The medication name comes along because a medication stopped at
// that review is no longer on the active list.
const PREVIOUS_REVIEW = `(SELECT json_build_object('encounterId', pe.id, 'kind', pe.kind,
      'date', to_char(pe.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'signedByName', pu.display_name,
      'entries', coalesce((SELECT json_agg(json_build_object(${RECONCILIATION_FIELDS}, 'display', m.display) ORDER BY r.seq)
        FROM mtm_reconciliation r JOIN medications m ON m.id = r.medication_id WHERE r.encounter_id = pe.id), '[]'::json))
    FROM mtm_encounters pe JOIN users pu ON pu.id = pe.signed_by
    WHERE pe.patient_id = e.patient_id AND pe.org_id = e.org_id AND pe.status = 'signed' AND pe.id <> e.id
      AND pe.signed_at < coalesce(e.signed_at, 'infinity'::timestamptz)
    ORDER BY pe.signed_at DESC, pe.id DESC LIMIT 1)`;

const ENCOUNTER_SQL = `SELECT json_build_object(
  'id', e.id, 'patientId', e.patient_id, 'kind', e.kind, 'status', e.status, 'version', e.version,
  'deliveryMethod', e.delivery_method, 'recipient', e.recipient, 'cognitiveImpairment', e.cognitive_impairment,
  'longTermCare', e.long_term_care, 'focus', e.focus, 'goals', e.goals,
  'followUpDate', to_char(e.follow_up_date, 'YYYY-MM-DD'), 'followUpNote', e.follow_up_note,
  'createdBy', e.created_by, 'createdByName', cu.display_name, 'createdAt', ${ts('e.created_at')},
  'signedBy', e.signed_by, 'signedByName', su.display_name, 'signedAt', ${ts('e.signed_at')},
  'takeawaySentAt', to_char(e.takeaway_sent_at, 'YYYY-MM-DD'), 'takeawaySentMethod', e.takeaway_sent_method,
  'takeawayDueDate', ${DUE},
  'problems', coalesce((SELECT json_agg(json_build_object(
      'id', p.id, 'ruleId', p.rule_id, 'category', p.category, 'severity', p.severity, 'title', p.title, 'summary', p.summary,
      'drugs', to_json(p.drugs), 'recommendation', p.recommendation, 'patientText', p.patient_text, 'decision', p.decision,
      'dismissReason', p.dismiss_reason, 'onActionPlan', p.on_action_plan) ORDER BY p.position)
    FROM mtm_encounter_problems p WHERE p.encounter_id = e.id), '[]'::json),
  'interventions', coalesce((SELECT json_agg(json_build_object(
      'id', i.id, 'problemId', i.problem_id, 'kind', i.kind, 'detail', i.detail, 'teachBack', i.teach_back,
      'createdAt', ${ts('i.created_at')}) ORDER BY i.created_at, i.seq)
    FROM mtm_interventions i WHERE i.encounter_id = e.id), '[]'::json),
  'reconciliation', coalesce((SELECT json_agg(json_build_object(${RECONCILIATION_FIELDS}) ORDER BY r.seq)
    FROM mtm_reconciliation r WHERE r.encounter_id = e.id), '[]'::json),
  'previousReview', ${PREVIOUS_REVIEW},
  'time', coalesce((SELECT json_agg(json_build_object(
      'id', t.id, 'activity', t.activity, 'minutes', t.minutes, 'userName', u.display_name, 'createdAt', ${ts('t.created_at')})
      ORDER BY t.created_at, t.seq)
    FROM mtm_time_entries t JOIN users u ON u.id = t.user_id WHERE t.encounter_id = e.id), '[]'::json),
  'totalMinutes', ${TOTAL},
  'addenda', coalesce((SELECT json_agg(json_build_object(
      'id', a.id, 'text', a.text, 'userName', u.display_name, 'createdAt', ${ts('a.created_at')}) ORDER BY a.created_at, a.seq)
    FROM mtm_addenda a JOIN users u ON u.id = a.user_id WHERE a.encounter_id = e.id), '[]'::json)
) AS encounter
FROM mtm_encounters e JOIN users cu ON cu.id = e.created_by LEFT JOIN users su ON su.id = e.signed_by
WHERE e.id = $1 AND e.org_id = $2`;

/** An encounter as the API returns it (plus createdByName/signedByName), or undefined outside the organisation. */
export type EncounterRow = Encounter & { createdByName: string; signedByName: string | null };

export async function loadEncounter(q: Queryable, orgId: string, encounterId: string): Promise<EncounterRow | undefined> {
  const rows = await q.query<{ encounter: EncounterRow }>(ENCOUNTER_SQL, [encounterId, orgId], { prepare: 'mtm_encounter_load' });
  return rows[0]?.encounter;
}

export async function listEncounters(q: Queryable, orgId: string, patientId: string): Promise<EncounterSummary[]> {
  return q.query<EncounterSummary>(
    `SELECT e.id, e.kind, e.status, ${ts('e.created_at')} AS "createdAt", ${ts('e.signed_at')} AS "signedAt",
            to_char(e.takeaway_sent_at, 'YYYY-MM-DD') AS "takeawaySentAt", ${DUE} AS "takeawayDueDate", ${TOTAL} AS "totalMinutes"
       FROM mtm_encounters e WHERE e.patient_id = $1 AND e.org_id = $2 ORDER BY e.created_at DESC, e.id`,
    [patientId, orgId],
  );
}

export type NewEncounter = {
  patientId: string;
  kind: Encounter['kind'];
  focus: string | null;
  cognitiveImpairment: boolean;
  longTermCare: boolean;
};

export type NewProblem = {
  ruleId: string | null;
  category: string;
  severity: string;
  title: string;
  summary: string;
  drugs: string[];
  recommendation: string;
  patientText: string;
  decision: 'proposed' | 'accepted';
  onActionPlan: boolean;
};

export async function insertEncounter(q: Queryable, c: Ctx, e: NewEncounter): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO mtm_encounters (org_id, patient_id, kind, focus, cognitive_impairment, long_term_care, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [c.orgId, e.patientId, e.kind, e.focus, e.cognitiveImpairment, e.longTermCare, c.userId, c.now],
  );
  return rows[0]!.id;
}

/** Appends problems after the encounter's existing ones, in the given order (one statement). */
export async function insertProblems(q: Queryable, c: Ctx, encounterId: string, problems: NewProblem[]): Promise<string[]> {
  if (problems.length === 0) return [];
  const rows = await q.query<{ id: string }>(
    `WITH base AS (SELECT coalesce(max(position), 0) AS n FROM mtm_encounter_problems WHERE encounter_id = $2)
     INSERT INTO mtm_encounter_problems (org_id, encounter_id, position, rule_id, category, severity, title, summary, drugs,
       recommendation, patient_text, decision, on_action_plan, decided_by, decided_at, created_at)
     SELECT $1, $2, base.n + p.ord, p.rule_id, p.category, p.severity, p.title, p.summary,
            ARRAY(SELECT json_array_elements_text(p.drugs)), p.recommendation, p.patient_text, p.decision, p.on_action_plan,
            CASE WHEN p.decision = 'proposed' THEN NULL ELSE $3::uuid END, CASE WHEN p.decision = 'proposed' THEN NULL ELSE $4::timestamptz END, $4
       FROM base, json_to_recordset($5::json) AS p(rule_id text, category text, severity text, title text, summary text,
              drugs json, recommendation text, patient_text text, decision text, on_action_plan boolean, ord int)
     ORDER BY p.ord
     RETURNING id`,
    [
      c.orgId,
      encounterId,
      c.userId,
      c.now,
      JSON.stringify(
        problems.map((p, i) => ({
          ord: i + 1, rule_id: p.ruleId, category: p.category, severity: p.severity, title: p.title, summary: p.summary, drugs: p.drugs,
          recommendation: p.recommendation, patient_text: p.patientText, decision: p.decision, on_action_plan: p.onActionPlan,
        })),
      ),
    ],
  );
  return rows.map((r) => r.id);
}

export type ProblemState = { id: string; decision: string; severity: string; onActionPlan: boolean };

export async function findProblem(q: Queryable, encounterId: string, problemId: string): Promise<ProblemState | undefined> {
  const rows = await q.query<ProblemState>(
    `SELECT id, decision, severity, on_action_plan AS "onActionPlan" FROM mtm_encounter_problems WHERE id = $1 AND encounter_id = $2`,
    [problemId, encounterId],
  );
  return rows[0];
}

export type ProblemUpdate = {
  decision: 'accepted' | 'dismissed';
  dismissReason: string | null;
  title?: string | undefined;
  summary?: string | undefined;
  recommendation?: string | undefined;
  patientText?: string | undefined;
  onActionPlan?: boolean | undefined;
};

export async function updateProblem(q: Queryable, c: Ctx, encounterId: string, problemId: string, u: ProblemUpdate): Promise<void> {
  await q.query(
    `UPDATE mtm_encounter_problems SET decision = $3, dismiss_reason = $4, title = coalesce($5, title), summary = coalesce($6, summary),
            recommendation = coalesce($7, recommendation), patient_text = coalesce($8, patient_text),
            on_action_plan = coalesce($9, on_action_plan), decided_by = $10, decided_at = $11
      WHERE id = $1 AND encounter_id = $2`,
    [problemId, encounterId, u.decision, u.dismissReason, u.title ?? null, u.summary ?? null, u.recommendation ?? null, u.patientText ?? null,
      u.onActionPlan ?? null, c.userId, c.now],
  );
}

/** Titles of problems still awaiting a decision, in display order (with their index in the problem list). */
export async function proposedProblems(q: Queryable, encounterId: string): Promise<{ index: number; title: string }[]> {
  return q.query<{ index: number; title: string }>(
    `SELECT index, title FROM (SELECT (row_number() OVER (ORDER BY position) - 1)::int AS index, title, decision
       FROM mtm_encounter_problems WHERE encounter_id = $1) p WHERE decision = 'proposed' ORDER BY index`,
    [encounterId],
  );
}

export async function insertIntervention(
  q: Queryable,
  c: Ctx,
  encounterId: string,
  v: { problemId: string | null; kind: string; detail: string; teachBack: boolean },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO mtm_interventions (org_id, encounter_id, problem_id, kind, detail, teach_back, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.orgId, encounterId, v.problemId, v.kind, v.detail, v.teachBack, c.userId, c.now],
  );
  return rows[0]!.id;
}

export async function insertTimeEntry(q: Queryable, c: Ctx, encounterId: string, activity: string, minutes: number): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO mtm_time_entries (org_id, encounter_id, user_id, activity, minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.orgId, encounterId, c.userId, activity, minutes, c.now],
  );
  return rows[0]!.id;
}

export async function insertAddendum(q: Queryable, c: Ctx, encounterId: string, text: string): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO mtm_addenda (org_id, encounter_id, user_id, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [c.orgId, encounterId, c.userId, text, c.now],
  );
  return rows[0]!.id;
}

/** Column name per patchable field; only fields present in `fields` are written. */
const PATCH_COLUMNS = {
  deliveryMethod: 'delivery_method',
  recipient: 'recipient',
  cognitiveImpairment: 'cognitive_impairment',
  longTermCare: 'long_term_care',
  focus: 'focus',
  goals: 'goals',
  followUpDate: 'follow_up_date',
  followUpNote: 'follow_up_note',
  status: 'status',
} as const;
export type EncounterFields = { -readonly [K in keyof typeof PATCH_COLUMNS]?: string | boolean | null };

export async function updateEncounterFields(q: Queryable, orgId: string, encounterId: string, fields: EncounterFields): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [encounterId, orgId];
  for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof typeof PATCH_COLUMNS, string][]) {
    const v = fields[key];
    if (v === undefined) continue;
    params.push(v);
    sets.push(`${column} = $${params.length}`);
  }
  if (sets.length === 0) return;
  await q.query(`UPDATE mtm_encounters SET ${sets.join(', ')} WHERE id = $1 AND org_id = $2`, params);
}

export async function markSigned(q: Queryable, c: Ctx, encounterId: string): Promise<void> {
  await q.query(`UPDATE mtm_encounters SET status = 'signed', signed_by = $3, signed_at = $4 WHERE id = $1 AND org_id = $2`, [
    encounterId, c.orgId, c.userId, c.now,
  ]);
}

export async function markTakeawaySent(q: Queryable, orgId: string, encounterId: string, method: string, sentOn: string): Promise<void> {
  await q.query(`UPDATE mtm_encounters SET takeaway_sent_at = $3, takeaway_sent_method = $4 WHERE id = $1 AND org_id = $2`, [
    encounterId, orgId, sentOn, method,
  ]);
}

/** Every change ends here: the version moves on so other editors' copies become stale. */
export async function bumpVersion(q: Queryable, orgId: string, encounterId: string, now: Date): Promise<void> {
  await q.query('UPDATE mtm_encounters SET version = version + 1, updated_at = $3 WHERE id = $1 AND org_id = $2', [encounterId, orgId, now]);
}

export async function userDisplayName(q: Queryable, orgId: string, userId: string): Promise<string | undefined> {
  const rows = await q.query<{ name: string }>('SELECT display_name AS name FROM users WHERE id = $1 AND org_id = $2', [userId, orgId]);
  return rows[0]?.name;
}

export async function organizationName(q: Queryable, orgId: string): Promise<string | undefined> {
  const rows = await q.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [orgId]);
  return rows[0]?.name;
}

/** A signed CMR whose written summary (takeaway) has not been recorded as sent: CMS expects it within 14 days. */
export type TakeawayDue = { encounterId: string; patientId: string; patientName: string; signedAt: string; dueDate: string };

export async function listTakeawaysDue(q: Queryable, orgId: string): Promise<TakeawayDue[]> {
  return q.query<TakeawayDue>(
    `SELECT e.id AS "encounterId", e.patient_id AS "patientId", p.last_name || ', ' || p.first_name AS "patientName",
            ${ts('e.signed_at')} AS "signedAt", ${DUE} AS "dueDate"
       FROM mtm_encounters e JOIN patients p ON p.id = e.patient_id AND p.org_id = e.org_id
      WHERE e.org_id = $1 AND e.kind = 'cmr' AND e.status = 'signed' AND e.takeaway_sent_at IS NULL
      ORDER BY e.created_at, e.id LIMIT 200`,
    [orgId],
  );
}
