// Access to MTM encounters, shared by every encounter use case: scope (organisation, care team) and permission
// checks that log refusals, and the one shape every change takes (lock, version, write, version++, audit, reload).
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import type { Queryable } from '../store/db.ts';
import { bumpVersion, findEncounterHead, loadEncounter, lockEncounterHead, type EncounterHead, type EncounterRow } from '../store/encounters.repository.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';

export const STALE_MESSAGE = 'This encounter was changed by someone else; reload';
export const LOCKED_MESSAGE = 'Signed encounters change only by addenda';
export const RESOURCE = 'mtm_encounter';

/** Who writes and when, as the repositories take it. */
export type C = { orgId: string; userId: string; now: Date };

export const READ = { permission: 'patient:read', refusal: 'Your role may not read patient records' } as const;
export const WRITE = { permission: 'encounter:write', refusal: 'Only a pharmacist may document MTM encounters' } as const;
export const SIGN = { permission: 'encounter:sign', refusal: 'Only a pharmacist may sign an MTM encounter' } as const;

export type Access = { permission: Permission; refusal: string };

/** Permission check after the scope check, so a refusal on an in-scope patient names the patient in the log. */
export async function requirePermission(ctx: ServiceContext, actor: Actor, access: Access, action: string, patientId: string, resourceId: string) {
  if (!can(actor.role, access.permission)) {
    await deny(ctx, actor, { action, resourceType: RESOURCE, resourceId, patientId }, access.refusal);
  }
}

/**
 * Resolves an encounter id for `actor` or throws 404: another organisation's encounter, or one whose patient is
 * outside a prescriber's care team, looks exactly like a missing one. The attempt is logged as denied.
 */
export async function requireEncounter(ctx: ServiceContext, actor: Actor, encounterId: string, action: string, access: Access): Promise<EncounterHead> {
  const head = await findEncounterHead(ctx.db, actor.orgId, encounterId);
  if (!head) {
    await audit(ctx, ctx.db, actor, {
      action, resourceType: RESOURCE, resourceId: encounterId, patientId: null, outcome: 'denied', detail: { reason: 'not found in organisation' },
    });
    throw new NotFoundError('Encounter');
  }
  await requirePatientAccess(ctx, ctx.db, actor, head.patientId, action);
  await requirePermission(ctx, actor, access, action, head.patientId, encounterId);
  return head;
}

export type ChangeSpec = Access & {
  action: string;
  /** The version the caller last read; undefined for changes that do not take one (addenda). */
  version: number | undefined;
  /** 'open': refused once signed (the default). 'signed': only once signed. 'any': either. */
  when?: 'open' | 'signed' | 'any';
};

/** The shared shape of every encounter change: scope, permission, lock + version check, write, version++, audit. */
export async function change(
  ctx: ServiceContext,
  actor: Actor,
  encounterId: string,
  spec: ChangeSpec,
  run: (q: Queryable, head: EncounterHead, c: C) => Promise<Record<string, unknown> | void>,
): Promise<EncounterRow> {
  await requireEncounter(ctx, actor, encounterId, spec.action, spec);
  const now = ctx.clock.now();
  const c: C = { orgId: actor.orgId, userId: actor.userId, now };
  return ctx.db.tx(async (q) => {
    const head = await lockEncounterHead(q, actor.orgId, encounterId);
    if (!head) throw new NotFoundError('Encounter');
    const when = spec.when ?? 'open';
    if (when === 'open' && head.status === 'signed') throw new ConflictError(LOCKED_MESSAGE);
    if (when === 'signed' && head.status !== 'signed') throw new ConflictError('Addenda are for signed encounters; edit this encounter directly');
    if (spec.version !== undefined && spec.version !== head.version) throw new ConflictError(STALE_MESSAGE);
    const detail = await run(q, head, c);
    await bumpVersion(q, actor.orgId, encounterId, now);
    await audit(ctx, q, actor, { action: spec.action, resourceType: RESOURCE, resourceId: encounterId, patientId: head.patientId, detail: detail ?? null });
    return (await loadEncounter(q, actor.orgId, encounterId))!;
  });
}
