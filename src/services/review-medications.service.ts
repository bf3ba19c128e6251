// Products the patient reports during a review (OTC, herbal, supplement) are added from the review page: the chart
// medication and its reconciliation entry ("confirmed", added in this review) are written in one transaction, so
// the chart, the review and the Personal Medication List agree. The entry is checked exactly as the chart's own
// "Add medication" checks it (medication-entry.ts).
import type { ReviewMedicationCreate } from '../domain/encounter-inputs.ts';
import type { Actor } from '../domain/roles.ts';
import type { EncounterRow } from '../store/encounters.repository.ts';
import { findPatientScope } from '../store/patients.repository.ts';
import { upsertReconciliation } from '../store/reconciliation.repository.ts';
import { audit } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { change, requireEncounter, WRITE } from './encounter-access.ts';
import { DateBounds, insertCheckedMedication } from './medication-entry.ts';

const MEDICATION_WRITE = { permission: 'medication:write', refusal: 'Your role may not change medications' } as const;

export async function addReviewMedication(ctx: ServiceContext, actor: Actor, encounterId: string, input: ReviewMedicationCreate): Promise<EncounterRow> {
  const action = 'encounter.medication-add';
  // It writes the chart as well as the review: both permissions, each refusal logged before any transaction opens.
  await requireEncounter(ctx, actor, encounterId, action, MEDICATION_WRITE);
  const { version, ...medication } = input;
  return change(ctx, actor, encounterId, { ...WRITE, action, version }, async (q, head, c) => {
    const scope = await findPatientScope(q, c.orgId, head.patientId);
    const chart = { ...c, patientId: head.patientId };
    const medicationId = await insertCheckedMedication(q, chart, new DateBounds(scope!.birthDate, isoDay(c.now)), medication, 'patient');
    await upsertReconciliation(q, c, encounterId, medicationId, { action: 'confirmed', note: null, newSig: null, addedInReview: true });
    await audit(ctx, q, actor, {
      action: 'medication.create', resourceType: 'medication', resourceId: medicationId, patientId: head.patientId,
      detail: { source: medication.source, via: action, encounterId },
    });
    return { medicationId, source: medication.source };
  });
}
