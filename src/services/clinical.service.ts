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
  insertMedication,
  insertMedicationListSignature,
  insertObservation,
  prescriberInOrg,
  stopMedication,
  updateMedication,
} from '../store/clinical.repository.ts';
import type { Queryable } from '../store/db.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';

type WriteSpec = { permission: Permission; action: string; resourceType: string; refusal: string };

/** The shared shape of every clinical write: permission, patient scope, transaction, audit. */
async function write<T extends { id: string }>(
  ctx: ServiceContext,
  actor: Actor,
  patientId: string,
  spec: WriteSpec,
  run: (q: Queryable, c: { orgId: string; patientId: string; userId: string; now: Date }) => Promise<T>,
  detail?: Record<string, unknown>,
): Promise<T> {
  if (!can(actor.role, spec.permission)) {
    await deny(ctx, actor, { action: spec.action, resourceType: spec.resourceType, patientId: null, resourceId: patientId }, spec.refusal);
  }
  await requirePatientAccess(ctx, ctx.db, actor, patientId, spec.action);
  return ctx.db.tx(async (q) => {
    const result = await run(q, { orgId: actor.orgId, patientId, userId: actor.userId, now: ctx.clock.now() });
    await audit(ctx, q, actor, { action: spec.action, resourceType: spec.resourceType, resourceId: result.id, patientId, detail: detail ?? null });
    return result;
  });
}

async function checkPrescriber(q: Queryable, orgId: string, prescriberId: string | null | undefined) {
  if (prescriberId && !(await prescriberInOrg(q, orgId, prescriberId))) {
    throw new ValidationError('Unknown prescriber', [{ pointer: '/prescriberId', message: 'no such prescriber in your organisation' }]);
  }
}

function notInFuture(date: string | null | undefined, today: string, pointer: string) {
  if (date && date > today) throw new ValidationError('Date is in the future', [{ pointer, message: `must not be after today (${today})` }]);
}

const MED_WRITE = { permission: 'medication:write', resourceType: 'medication', refusal: 'Your role may not change medications' } as const;

export function addMedication(ctx: ServiceContext, actor: Actor, patientId: string, input: MedicationInput) {
  return write(ctx, actor, patientId, { ...MED_WRITE, action: 'medication.create' }, async (q, c) => {
    await checkPrescriber(q, c.orgId, input.prescriberId);
    notInFuture(input.startDate, isoDay(c.now), '/startDate');
    return { id: await insertMedication(q, c, input) };
  });
}

export function editMedication(ctx: ServiceContext, actor: Actor, patientId: string, medicationId: string, input: MedicationUpdate) {
  return write(
    ctx,
    actor,
    patientId,
    { ...MED_WRITE, action: 'medication.update' },
    async (q, c) => {
      const med = await findMedication(q, c, medicationId);
      if (!med) throw new NotFoundError('Medication');
      await checkPrescriber(q, c.orgId, input.prescriberId);
      notInFuture(input.startDate, isoDay(c.now), '/startDate');
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
    async (q, c) => {
      const med = await findMedication(q, c, medicationId);
      if (!med) throw new NotFoundError('Medication');
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
  return write(ctx, actor, patientId, spec, async (q, c) => {
    notInFuture(input.onsetDate, isoDay(c.now), '/onsetDate');
    return { id: await insertCondition(q, c, input) };
  });
}

export function addAllergy(ctx: ServiceContext, actor: Actor, patientId: string, input: AllergyInput) {
  const spec = { permission: 'allergy:write', action: 'allergy.create', resourceType: 'allergy', refusal: 'Your role may not record allergies' } as const;
  return write(ctx, actor, patientId, spec, async (q, c) => {
    notInFuture(input.recordedDate, isoDay(c.now), '/recordedDate');
    return { id: await insertAllergy(q, c, input) };
  });
}

export function addObservation(ctx: ServiceContext, actor: Actor, patientId: string, input: ObservationInput) {
  const spec = { permission: 'clinical:write', action: 'observation.create', resourceType: 'observation', refusal: 'Only a pharmacist may record labs and vitals' } as const;
  return write(ctx, actor, patientId, spec, async (q, c) => {
    notInFuture(input.effectiveDate, isoDay(c.now), '/effectiveDate');
    return { id: await insertObservation(q, c, input) };
  });
}

export function signMedicationList(ctx: ServiceContext, actor: Actor, patientId: string, note: string | null) {
  const spec = { permission: 'medication-list:sign', action: 'medication-list.sign', resourceType: 'medication_list_signature', refusal: 'Only a pharmacist may sign the medication list' } as const;
  return write(ctx, actor, patientId, spec, async (q, c) => ({ id: await insertMedicationListSignature(q, c, isoDay(c.now), note) }));
}
