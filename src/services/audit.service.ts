// Writes and reads the audit log. Every read and write of patient data goes through `audit`.
import { ForbiddenError } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import { appendAudit, queryAudit, type AuditFilter } from '../store/audit.repository.ts';
import type { Queryable } from '../store/db.ts';
import type { ServiceContext } from './context.ts';

export type AuditEvent = {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome?: 'success' | 'denied' | 'error';
  detail?: Record<string, unknown> | null;
};

/** Appends one entry for `actor`. Pass the transaction's Queryable so a write and its audit entry commit together. */
export async function audit(ctx: ServiceContext, q: Queryable, actor: Actor, e: AuditEvent): Promise<void> {
  await appendAudit(
    q,
    {
      orgId: actor.orgId,
      userId: actor.userId,
      username: actor.username,
      role: actor.role,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId ?? null,
      patientId: e.patientId ?? null,
      outcome: e.outcome ?? 'success',
      ip: actor.ip,
      userAgent: actor.userAgent ?? null,
      detail: e.detail ?? null,
    },
    ctx.clock.now(),
  );
}

/** Refuses with 403 and records the refusal. */
export async function deny(ctx: ServiceContext, actor: Actor, e: AuditEvent, message: string): Promise<never> {
  await audit(ctx, ctx.db, actor, { ...e, outcome: 'denied' });
  throw new ForbiddenError(message);
}

export async function searchAuditLog(ctx: ServiceContext, actor: Actor, filter: Omit<AuditFilter, 'orgId'>) {
  if (!can(actor.role, 'audit:read')) {
    await deny(ctx, actor, { action: 'audit.search', resourceType: 'audit_log' }, 'Only auditors and administrators may read the audit log');
  }
  const result = await queryAudit(ctx.db, { ...filter, orgId: actor.orgId });
  // Reading the log is itself logged, so an auditor's queries are accountable too.
  await audit(ctx, ctx.db, actor, { action: 'audit.search', resourceType: 'audit_log', detail: { ...filter, returned: result.items.length } });
  return result;
}
