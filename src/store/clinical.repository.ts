// Writes to a patient's clinical record. Callers have already checked the patient belongs to orgId.
import type { AllergyInput, ConditionInput, MedicationInput, MedicationStop, MedicationUpdate, ObservationInput } from '../domain/clinical.ts';
import type { Queryable } from './db.ts';

type Ctx = { orgId: string; patientId: string; userId: string; now: Date };

export async function prescriberInOrg(q: Queryable, orgId: string, prescriberId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM prescribers WHERE id = $1 AND org_id = $2', [prescriberId, orgId])).length > 0;
}

/** Where an entry typed into OpenMTM came from: the chart by hand, or the patient's own account during a review. */
export type RecordedFrom = 'manual' | 'patient';

export async function insertMedication(q: Queryable, c: Ctx, m: MedicationInput, recordedFrom: RecordedFrom = 'manual'): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO medications (org_id, patient_id, rxcui, display, source, sig, indication, prescriber_id, start_date, recorded_from, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [c.orgId, c.patientId, m.rxcui ?? null, m.display, m.source, m.sig ?? null, m.indication ?? null, m.prescriberId ?? null,
      m.startDate ?? null, recordedFrom, c.userId, c.now],
  );
  return rows[0]!.id;
}

export type MedicationState = { id: string; startDate: string | null; stopDate: string | null };

export async function findMedication(q: Queryable, c: Ctx, medicationId: string): Promise<MedicationState | undefined> {
  const rows = await q.query<MedicationState>(
    `SELECT id, start_date AS "startDate", stop_date AS "stopDate" FROM medications WHERE id = $1 AND patient_id = $2 AND org_id = $3`,
    [medicationId, c.patientId, c.orgId],
  );
  return rows[0];
}

const UPDATABLE: Record<keyof MedicationUpdate, string> = {
  rxcui: 'rxcui',
  display: 'display',
  source: 'source',
  sig: 'sig',
  indication: 'indication',
  prescriberId: 'prescriber_id',
  startDate: 'start_date',
};

export async function updateMedication(q: Queryable, c: Ctx, medicationId: string, u: MedicationUpdate): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [medicationId, c.orgId, c.now];
  for (const [key, column] of Object.entries(UPDATABLE) as [keyof MedicationUpdate, string][]) {
    if (u[key] === undefined) continue;
    params.push(u[key]);
    sets.push(`${column} = $${params.length}`);
  }
  await q.query(`UPDATE medications SET ${sets.join(', ')}, updated_at = $3 WHERE id = $1 AND org_id = $2`, params);
}

export async function stopMedication(q: Queryable, c: Ctx, medicationId: string, s: MedicationStop): Promise<void> {
  await q.query(
    `UPDATE medications SET stop_date = $3, stop_reason = $4, updated_at = $5 WHERE id = $1 AND org_id = $2`,
    [medicationId, c.orgId, s.stopDate, s.stopReason, c.now],
  );
}

export async function insertCondition(q: Queryable, c: Ctx, v: ConditionInput): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO conditions (org_id, patient_id, code_system, code, display, onset_date, abatement_date, clinical_status, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.orgId, c.patientId, v.codeSystem, v.code, v.display, v.onsetDate ?? null, v.abatementDate ?? null, v.clinicalStatus, c.userId, c.now],
  );
  return rows[0]!.id;
}

export async function insertAllergy(q: Queryable, c: Ctx, v: AllergyInput): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO allergies (org_id, patient_id, substance, substance_rxcui, kind, reaction, severity, recorded_date, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.orgId, c.patientId, v.substance, v.substanceRxcui ?? null, v.kind, v.reaction ?? null, v.severity ?? null, v.recordedDate ?? null, c.userId, c.now],
  );
  return rows[0]!.id;
}

export async function insertObservation(q: Queryable, c: Ctx, v: ObservationInput): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO observations (org_id, patient_id, loinc, display, value_num, value_text, unit, effective_date, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.orgId, c.patientId, v.loinc, v.display, v.valueNum ?? null, v.valueText ?? null, v.unit ?? null, v.effectiveDate, c.userId, c.now],
  );
  return rows[0]!.id;
}

export async function insertMedicationListSignature(q: Queryable, c: Ctx, today: string, note: string | null): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO medication_list_signatures (org_id, patient_id, signed_by, signed_at, active_medication_ids, note)
     SELECT $1, $2, $3, $4, coalesce(array_agg(id), '{}'), $6 FROM medications
      WHERE patient_id = $2 AND org_id = $1 AND (stop_date IS NULL OR stop_date > $5::date)
     RETURNING id`,
    [c.orgId, c.patientId, c.userId, c.now, today, note],
  );
  return rows[0]!.id;
}
