// Changes to a patient's medications, conditions, allergies and labs. Each write and its audit entry commit
// together; a refused or invalid write changes nothing.
import type {
  AllergyInput,
  ConditionInput,
  MedicationInput,
  MedicationStop,
  MedicationUpdate,
  ObservationInput,
} from '../domain/clinical.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import {
  findMedication,
  insertAllergy,
  insertCondition,
  insertMedicationListSignature,
  insertObservation,
  stopMedication,
  updateMedication,
} from '../store/clinical.repository.ts';
import type { Queryable } from '../store/db.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { checkPrescriber, DateBounds, insertCheckedMedication } from './medication-entry.ts';
import { requirePatientAccess } from './patients.service.ts';

type WriteSpec = { permission: Permission; action: string; resourceType: string; refusal: string };

/** The shared shape of every clinical write: permission, patient scope, transaction, audit. */
async function write<T extends { id: string }>(
  ctx: ServiceContext,
  actor: Actor,
  patientId: string,
  spec: WriteSpec,
  run: (q: Queryable, c: { orgId: string; patientId: string; userId: string; now: Date }, dates: DateBounds) => Promise<T>,
  detail?: Record<string, unknown>,
): Promise<T> {
  // Scope first: a patient outside the organisation is "not found" whatever the role, and a refusal on an
  // in-scope patient can then name the patient in the audit log.
  const scope = await requirePatientAccess(ctx, ctx.db, actor, patientId, spec.action);
  if (!can(actor.role, spec.permission)) {
    await deny(ctx, actor, { action: spec.action, resourceType: spec.resourceType, patientId, resourceId: patientId }, spec.refusal);
  }
  const now = ctx.clock.now();
  const bounds = new DateBounds(scope.birthDate, isoDay(now));
  return ctx.db.tx(async (q) => {
    const result = await run(q, { orgId: actor.orgId, patientId, userId: actor.userId, now }, bounds);
    await audit(ctx, q, actor, { action: spec.action, resourceType: spec.resourceType, resourceId: result.id, patientId, detail: detail ?? null });
    return result;
  });
}

const MED_WRITE = { permission: 'medication:write', resourceType: 'medication', refusal: 'Your role may not change medications' } as const;

export function addMedication(ctx: ServiceContext, actor: Actor, patientId: string, input: MedicationInput) {
  return write(ctx, actor, patientId, { ...MED_WRITE, action: 'medication.create' }, async (q, c, dates) => {
    return { id: await insertCheckedMedication(q, c, dates, input) };
  });
}

export function editMedication(ctx: ServiceContext, actor: Actor, patientId: string, medicationId: string, input: MedicationUpdate) {
  return write(
    ctx,
    actor,
    patientId,
    { ...MED_WRITE, action: 'medication.update' },
    async (q, c, dates) => {
      const med = await findMedication(q, c, medicationId);
      if (!med) throw new NotFoundError('Medication');
      await checkPrescriber(q, c.orgId, input.prescriberId);
      dates.check(input.startDate, '/startDate');
      if (input.startDate && med.stopDate && input.startDate > med.stopDate) {
        throw new ValidationError('Start after stop', [{ pointer: '/startDate', message: `must not be after the stop date (${med.stopDate})` }]);
      }
      await updateMedication(q, c, medicationId, input);
      return { id: medicationId };
    },
    { fields: Object.keys(input) },
  );
}

export function discontinueMedication(ctx: ServiceContext, actor: Actor, patientId: string, medicationId: string, input: MedicationStop) {
  return write(
    ctx,
    actor,
    patientId,
    { ...MED_WRITE, action: 'medication.stop' },
    async (q, c, dates) => {
      const med = await findMedication(q, c, medicationId);
      if (!med) throw new NotFoundError('Medication');
      dates.check(input.stopDate, '/stopDate');
      if (med.stopDate) throw new ValidationError('Already stopped', [{ pointer: '/stopDate', message: `this medication was already stopped on ${med.stopDate}` }]);
      if (med.startDate && input.stopDate < med.startDate) {
        throw new ValidationError('Stop before start', [{ pointer: '/stopDate', message: `must not be before the start date (${med.startDate})` }]);
      }
      await stopMedication(q, c, medicationId, input);
      return { id: medicationId };
    },
    { stopReason: input.stopReason },
  );
}

export function addCondition(ctx: ServiceContext, actor: Actor, patientId: string, input: ConditionInput) {
  const spec = { permission: 'clinical:write', action: 'condition.create', resourceType: 'condition', refusal: 'Only a pharmacist may add conditions' } as const;
  return write(ctx, actor, patientId, spec, async (q, c, dates) => {
    dates.check(input.onsetDate, '/onsetDate');
    dates.check(input.abatementDate, '/abatementDate');
    return { id: await insertCondition(q, c, input) };
  });
}

export function addAllergy(ctx: ServiceContext, actor: Actor, patientId: string, input: AllergyInput) {
  const spec = { permission: 'allergy:write', action: 'allergy.create', resourceType: 'allergy', refusal: 'Your role may not record allergies' } as const;
  return write(ctx, actor, patientId, spec, async (q, c, dates) => {
    dates.check(input.recordedDate, '/recordedDate');
    return { id: await insertAllergy(q, c, input) };
  });
}

export function addObservation(ctx: ServiceContext, actor: Actor, patientId: string, input: ObservationInput) {
  const spec = { permission: 'clinical:write', action: 'observation.create', resourceType: 'observation', refusal: 'Only a pharmacist may record labs and vitals' } as const;
  return write(ctx, actor, patientId, spec, async (q, c, dates) => {
    dates.check(input.effectiveDate, '/effectiveDate');
    return { id: await insertObservation(q, c, input) };
  });
}

export function signMedicationList(ctx: ServiceContext, actor: Actor, patientId: string, note: string | null) {
  const spec = { permission: 'medication-list:sign', action: 'medication-list.sign', resourceType: 'medication_list_signature', refusal: 'Only a pharmacist may sign the medication list' } as const;
  return write(ctx, actor, patientId, spec, async (q, c) => ({ id: await insertMedicationListSignature(q, c, isoDay(c.now), note) }));
}
