// The organisation's pharmacy locations, a patient's home pharmacy (the work queue filters by it) and the list of
// the organisation's pharmacists (issue 5). Writes and their audit entries commit in one transaction.
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { PharmacistSummary, PharmacyInput } from '../domain/pharmacies.ts';
import { can, type Actor } from '../domain/roles.ts';
import { DEFAULT_PHARMACIST_CAPACITY } from '../domain/worklists.ts';
import { listPharmacists } from '../store/pharmacists.repository.ts';
import * as repo from '../store/pharmacies.repository.ts';
import { violatedUnique } from '../store/worklists.shared.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { need, today } from './worklists.shared.ts';

export async function listOrgPharmacies(ctx: ServiceContext, actor: Actor) {
  if (!can(actor.role, 'patient:read') && !can(actor.role, 'worklist:read') && !can(actor.role, 'pharmacy:manage')) {
    await deny(ctx, actor, { action: 'pharmacy.list', resourceType: 'pharmacy' }, 'Your role may not see pharmacy locations');
  }
  return { items: await repo.listPharmacies(ctx.db, actor.orgId) };
}

const DUPLICATE: Record<string, (p: PharmacyInput) => { message: string; pointer: string }> = {
  pharmacies_org_id_name_key: (p) => ({ message: `A pharmacy named "${p.name}" already exists`, pointer: '/name' }),
  pharmacies_org_ncpdp_idx: (p) => ({ message: `Another pharmacy already has NCPDP id ${p.ncpdp}`, pointer: '/ncpdp' }),
  pharmacies_org_npi_idx: (p) => ({ message: `Another pharmacy already has NPI ${p.npi}`, pointer: '/npi' }),
};

export async function createPharmacy(ctx: ServiceContext, actor: Actor, input: PharmacyInput) {
  await need(ctx, actor, 'pharmacy:manage', 'pharmacy.create', 'pharmacy', 'Only a manager or an administrator may add pharmacy locations');
  try {
    return await ctx.db.tx(async (q) => {
      const id = await repo.insertPharmacy(q, actor.orgId, input, actor.userId);
      await audit(ctx, q, actor, { action: 'pharmacy.create', resourceType: 'pharmacy', resourceId: id, detail: { ...input } });
      return (await repo.findPharmacy(q, actor.orgId, id))!;
    });
  } catch (err) {
    const constraint = violatedUnique(err);
    if (constraint === undefined) throw err;
    throw new ConflictError(DUPLICATE[constraint]?.(input).message ?? 'This pharmacy already exists');
  }
}

/** Records (or clears, with null) the patient's home pharmacy: one of the organisation's locations. */
export async function setPatientHomePharmacy(ctx: ServiceContext, actor: Actor, patientId: string, pharmacyId: string | null) {
  await requirePatientAccess(ctx, ctx.db, actor, patientId, 'patient.home-pharmacy');
  await need(ctx, actor, 'patient:write', 'patient.home-pharmacy', 'patient', 'Your role may not change patient details', { resourceId: patientId, patientId });
  const pharmacy = pharmacyId === null ? null : await repo.findPharmacy(ctx.db, actor.orgId, pharmacyId);
  if (pharmacy === undefined) throw new ValidationError('Unknown pharmacy', [{ pointer: '/pharmacyId', message: 'no such pharmacy in your organisation' }]);
  return ctx.db.tx(async (q) => {
    const before = (await repo.homePharmacyOf(q, actor.orgId, patientId))!;
    await repo.setHomePharmacy(q, actor.orgId, patientId, pharmacyId, ctx.clock.now());
    await audit(ctx, q, actor, {
      action: 'patient.home-pharmacy',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      detail: { from: before.pharmacyId, to: pharmacyId },
    });
    return { patientId, homePharmacy: pharmacyId === null ? null : ((await repo.findPharmacy(q, actor.orgId, pharmacyId)) ?? null) };
  });
}

/** The organisation's active pharmacists with licences, languages, expertise and capacity (staff data, not PHI). */
export async function listOrgPharmacists(ctx: ServiceContext, actor: Actor): Promise<{ items: PharmacistSummary[] }> {
  await need(ctx, actor, 'worklist:read', 'pharmacist.list', 'user', 'Your role may not see the pharmacist list');
  const on = today(ctx);
  const items = (await listPharmacists(ctx.db, actor.orgId)).map((p) => ({
    userId: p.userId,
    name: p.name,
    npi: p.npi,
    languages: p.languages,
    specialties: p.specialties,
    capacity: p.capacity ?? DEFAULT_PHARMACIST_CAPACITY,
    load: p.load,
    licences: p.licenses.map((l) => ({ state: l.state, expiresOn: l.expiresOn, active: l.expiresOn === null || l.expiresOn >= on })),
  }));
  return { items };
}
