// Patient search and chart reads: permission, organisation scope, care-team scope for prescribers, audit.
import { NotFoundError } from '../domain/errors.ts';
import { parsePatientQuery } from '../domain/patient-search.ts';
import { can, type Actor } from '../domain/roles.ts';
import type { Queryable } from '../store/db.ts';
import { findPatientScope, isOnCareTeam, listPrescribers, loadChart, searchPatients, type PatientScope } from '../store/patients.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';

export type Page = { limit: number; offset: number };

export async function searchPatientList(
  ctx: ServiceContext,
  actor: Actor,
  input: { q?: string | undefined; birthDate?: string | undefined; memberId?: string | undefined } & Page,
) {
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'patient.search', resourceType: 'patient' }, 'Your role may not read patient records');
  }
  const parsed = parsePatientQuery(input.q);
  const result = await searchPatients(ctx.db, {
    orgId: actor.orgId,
    ...parsed,
    birthDate: input.birthDate ?? parsed.birthDate,
    memberId: input.memberId ?? parsed.memberId,
    careTeamUserId: actor.role === 'prescriber' ? actor.userId : undefined,
    today: isoDay(ctx.clock.now()),
    limit: input.limit,
    offset: input.offset,
  });
  // Search results show names and dates of birth: log which patients were shown.
  await audit(ctx, ctx.db, actor, {
    action: 'patient.search',
    resourceType: 'patient',
    detail: { q: input.q ?? null, birthDate: input.birthDate ?? null, memberId: input.memberId ?? null, total: result.total, shown: result.items.map((p) => p.id) },
  });
  return { ...result, limit: input.limit, offset: input.offset };
}

/**
 * Resolves a patient id for `actor` or throws 404. A patient of another organisation, or outside a prescriber's
 * care team, is reported exactly like a missing one so ids cannot be probed; the attempt is logged as denied.
 */
export async function requirePatientAccess(
  ctx: ServiceContext,
  q: Queryable,
  actor: Actor,
  patientId: string,
  action: string,
): Promise<PatientScope> {
  const scope = await findPatientScope(q, actor.orgId, patientId);
  const visible = scope !== undefined && (actor.role !== 'prescriber' || (await isOnCareTeam(q, patientId, actor.userId)));
  if (!visible) {
    // patient_id only when the patient is this organisation's (a prescriber outside the care team): another
    // organisation's id must not be written into this organisation's patient index.
    await audit(ctx, ctx.db, actor, {
      action,
      resourceType: 'patient',
      resourceId: patientId,
      patientId: scope ? patientId : null,
      outcome: 'denied',
      detail: { reason: scope ? 'not on care team' : 'not found in organisation' },
    });
    throw new NotFoundError('Patient');
  }
  return scope;
}

export async function getPatientChart(ctx: ServiceContext, actor: Actor, patientId: string) {
  await requirePatientAccess(ctx, ctx.db, actor, patientId, 'patient.read');
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'patient.read', resourceType: 'patient', resourceId: patientId, patientId }, 'Your role may not read patient records');
  }
  const rows = await loadChart(ctx.db, actor.orgId, patientId, isoDay(ctx.clock.now()));
  const patient = rows.patient[0];
  if (!patient) throw new NotFoundError('Patient');
  await audit(ctx, ctx.db, actor, { action: 'patient.read', resourceType: 'patient', resourceId: patientId, patientId, detail: { view: 'chart' } });
  return { ...rows, patient };
}

export async function listOrgPrescribers(ctx: ServiceContext, actor: Actor, input: { q?: string | undefined } & Page) {
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'prescriber.search', resourceType: 'prescriber' }, 'Your role may not read prescribers');
  }
  const r = await listPrescribers(ctx.db, actor.orgId, input.q?.trim() || undefined, input.limit, input.offset);
  return { ...r, limit: input.limit, offset: input.offset };
}
