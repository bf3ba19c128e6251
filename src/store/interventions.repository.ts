// Targeted-intervention work items (adherence rescue, high-severity drug therapy problems): what the engines need
// about enrolled patients, many per statement; the intervention items already there; bulk add and close.
// SQL only; every query is scoped by org_id.
import type { PriorityFactor, WorkItemStatus } from '../domain/worklists.ts';
import type { Queryable } from './db.ts';
import { MEASURE_INPUTS_SELECT, type MeasureInputs } from './measures.repository.ts';
import { screeningChartSql, type ScreeningChartRows } from './patients.repository.ts';

export type InterventionInputs = { patientId: string; measure: MeasureInputs; chart: ScreeningChartRows };

// One statement per page of patients: the measure inputs and the screening sections as JSON built by the database
// (a statement per patient costs most of the time on the embedded database).
const INPUTS_SQL = `SELECT p.id AS "patientId", ${MEASURE_INPUTS_SELECT} AS measure, ${screeningChartSql('p.id')} AS chart
  FROM patients p WHERE p.id = ANY($1::uuid[]) AND p.org_id = $2 ORDER BY p.id`;

/** Measure and screening inputs of the given patients; `day` decides which medications are active. */
export async function interventionInputs(q: Queryable, orgId: string, patientIds: readonly string[], day: string): Promise<InterventionInputs[]> {
  return q.query<InterventionInputs>(INPUTS_SQL, [patientIds, orgId, day]);
}

export type InterventionRow = { id: string; patientId: string; topic: string; status: WorkItemStatus; started: boolean };

/** Every intervention item of the organisation, with whether someone has started on it. */
export async function interventionItems(q: Queryable, orgId: string): Promise<InterventionRow[]> {
  return q.query<InterventionRow>(
    `SELECT w.id, w.patient_id AS "patientId", w.topic, w.status,
            (w.status = 'claimed' OR w.scheduled_at IS NOT NULL OR EXISTS (SELECT 1 FROM outreach_attempts o WHERE o.work_item_id = w.id)) AS started
       FROM work_items w WHERE w.org_id = $1 AND w.topic IS NOT NULL`,
    [orgId],
  );
}

export type NewIntervention = {
  enrollmentId: string;
  programId: string;
  patientId: string;
  kind: 'adherence' | 'dtp';
  topic: string;
  dueDate: string;
  reason: string;
  priority: number;
  factors: PriorityFactor[];
  reasonFactors: PriorityFactor[];
};

/** Inserts intervention items, skipping a topic the enrollment already has; returns those added. */
export async function insertInterventions(q: Queryable, orgId: string, items: readonly NewIntervention[], now: Date): Promise<{ id: string; kind: NewIntervention['kind'] }[]> {
  const added: { id: string; kind: NewIntervention['kind'] }[] = [];
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const col = <T>(f: (c: NewIntervention) => T) => chunk.map(f);
    const rows = await q.query<{ id: string; kind: NewIntervention['kind'] }>(
      `INSERT INTO work_items (org_id, enrollment_id, program_id, patient_id, kind, topic, due_date, reason, priority, priority_factors, reason_factors, created_at, updated_at)
       SELECT $1, x.enrollment_id, x.program_id, x.patient_id, x.kind, x.topic, x.due_date, x.reason, x.priority, x.factors, x.reason_factors, $12, $12
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::date[], $8::text[], $9::smallint[], $10::jsonb[], $11::jsonb[])
              AS x(enrollment_id, program_id, patient_id, kind, topic, due_date, reason, priority, factors, reason_factors)
       ON CONFLICT (enrollment_id, kind, topic) WHERE topic IS NOT NULL AND status <> 'not-needed' DO NOTHING RETURNING id, kind`,
      [
        orgId,
        col((c) => c.enrollmentId),
        col((c) => c.programId),
        col((c) => c.patientId),
        col((c) => c.kind),
        col((c) => c.topic),
        col((c) => c.dueDate),
        col((c) => c.reason),
        col((c) => c.priority),
        col((c) => JSON.stringify(c.factors)),
        col((c) => JSON.stringify(c.reasonFactors)),
        now,
      ],
    );
    added.push(...rows);
  }
  return added;
}

/**
 * Closes items as no longer needed, with the reason. The conditions are checked again here so an item someone
 * claimed, called about or booked since it was read stays open.
 */
export async function closeNotNeeded(q: Queryable, orgId: string, rows: readonly { id: string; reason: string }[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const closed = await q.query<{ id: string }>(
    `UPDATE work_items w SET status = 'not-needed', closed_reason = x.reason, updated_at = $4
       FROM unnest($2::uuid[], $3::text[]) AS x(id, reason)
      WHERE w.org_id = $1 AND w.id = x.id AND w.status = 'open' AND w.scheduled_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM outreach_attempts o WHERE o.work_item_id = w.id)
      RETURNING w.id`,
    [orgId, rows.map((r) => r.id), rows.map((r) => r.reason), now],
  );
  return closed.map((r) => r.id);
}
