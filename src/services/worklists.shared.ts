// Helpers shared by the worklist services (programs, worklist, outreach, appointments): the permission check,
// today's date, the work-item lookup that audits a miss, and the rule that a pharmacist may only serve patients in
// a state where they hold an active licence.
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import type { WorkItem, WorkItemStatus } from '../domain/worklists.ts';
import type { Queryable } from '../store/db.ts';
import type { PharmacistRow } from '../store/pharmacists.repository.ts';
import * as repo from '../store/work-items.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';

export async function need(ctx: ServiceContext, actor: Actor, permission: Permission, action: string, resourceType: string, refusal: string, ids: { resourceId?: string; patientId?: string } = {}) {
  if (!can(actor.role, permission)) await deny(ctx, actor, { action, resourceType, resourceId: ids.resourceId ?? null, patientId: ids.patientId ?? null }, refusal);
}

export const today = (ctx: ServiceContext) => isoDay(ctx.clock.now());

export const isActive = (s: WorkItemStatus) => s === 'open' || s === 'claimed';

export async function itemOr404(ctx: ServiceContext, q: Queryable, actor: Actor, id: string): Promise<WorkItem> {
  const item = await repo.findWorkItem(q, actor.orgId, id);
  if (!item) {
    await audit(ctx, ctx.db, actor, { action: 'worklist.read', resourceType: 'work_item', resourceId: id, outcome: 'denied', detail: { reason: 'not found in organisation' } });
    throw new NotFoundError('Work item');
  }
  return item;
}

export function activeLicence(p: PharmacistRow, state: string, on: string): boolean {
  return p.licenses.some((l) => l.state === state && (l.expiresOn === null || l.expiresOn >= on));
}

/** The pharmacist may take this patient: a pharmacist of the organisation, licensed in the patient's state. */
export function checkPharmacistFor(p: PharmacistRow | undefined, patientState: string | null, on: string, pointer: string): PharmacistRow {
  if (!p) throw new ValidationError('Unknown user', [{ pointer, message: 'no such user in your organisation' }]);
  if (p.role !== 'pharmacist' || !p.isPharmacist || !p.active) {
    throw new ValidationError(`${p.name} is not an active pharmacist with a pharmacist profile`, [{ pointer, message: 'must be an active pharmacist' }]);
  }
  if (!patientState) {
    throw new ValidationError('The patient has no state on record, so no licence can be matched: record the patient\'s address first', [
      { pointer, message: 'patient state unknown' },
    ]);
  }
  if (!activeLicence(p, patientState, on)) {
    const held = p.licenses.map((l) => l.state).join(', ') || 'none';
    throw new ValidationError(
      `${p.name} holds no active pharmacist licence in ${patientState} (licensed in: ${held}): a pharmacist may only serve patients located in a state where they are licensed`,
      [{ pointer, message: `not licensed in ${patientState}` }],
    );
  }
  return p;
}
