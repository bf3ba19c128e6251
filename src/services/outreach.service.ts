// Outreach attempts on worklist items (issue 5; PRODUCT.md C4, §5.1, §5.2). An attempt and its audit entry commit in one transaction with
// the item's row locked, so a decline or the last failed attempt closes the item exactly once.
import { ConflictError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { FAILED_OUTREACH, MAX_FAILED_ATTEMPTS, type OutreachInput, type WorkItemStatus } from '../domain/worklists.ts';
import * as repo from '../store/outreach.repository.ts';
import * as workItems from '../store/work-items.repository.ts';
import { audit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { isActive, itemOr404, need } from './worklists.shared.ts';

/**
 * Logs a contact attempt on an item. A decline closes the item with the patient's reason; the third failed
 * attempt (left message, wrong number) with none reaching the patient marks it unable-to-reach.
 */
export async function logOutreach(ctx: ServiceContext, actor: Actor, itemId: string, input: OutreachInput) {
  const item = await itemOr404(ctx, ctx.db, actor, itemId);
  await need(ctx, actor, 'outreach:write', 'outreach.create', 'outreach_attempt', 'Your role may not log outreach', { resourceId: itemId, patientId: item.patientId });
  return ctx.db.tx(async (q) => {
    const locked = (await workItems.lockWorkItem(q, actor.orgId, itemId))!;
    if (!isActive(locked.status)) throw new ConflictError(`This item is already closed (${locked.status})`);
    const now = ctx.clock.now();
    const attemptId = await repo.insertOutreach(q, {
      orgId: actor.orgId,
      patientId: item.patientId,
      workItemId: itemId,
      channel: input.channel,
      outcome: input.outcome,
      note: input.note ?? null,
      declineReason: input.outcome === 'declined' ? (input.declineReason ?? null) : null,
      at: now,
      by: actor.userId,
    });
    const tally = await repo.outreachTally(q, actor.orgId, itemId, FAILED_OUTREACH);
    let status: WorkItemStatus = locked.status;
    if (input.outcome === 'declined') {
      status = 'declined';
      await workItems.closeWorkItem(q, actor.orgId, itemId, { status, reason: `Patient declined: ${input.declineReason}` }, now);
    } else if (!tally.reached && tally.failed >= MAX_FAILED_ATTEMPTS) {
      status = 'unable-to-reach';
      await workItems.closeWorkItem(q, actor.orgId, itemId, { status, reason: `${tally.failed} attempts without reaching the patient` }, now);
    }
    await audit(ctx, q, actor, {
      action: 'outreach.create',
      resourceType: 'outreach_attempt',
      resourceId: attemptId,
      patientId: item.patientId,
      detail: { workItemId: itemId, channel: input.channel, outcome: input.outcome, itemStatus: status },
    });
    return { id: attemptId, workItemId: itemId, itemStatus: status, failedAttempts: tally.failed, reached: tally.reached };
  });
}

export async function listPatientOutreach(ctx: ServiceContext, actor: Actor, patientId: string) {
  await requirePatientAccess(ctx, ctx.db, actor, patientId, 'outreach.list');
  await need(ctx, actor, 'worklist:read', 'outreach.list', 'outreach_attempt', 'Your role may not see outreach', { patientId, resourceId: patientId });
  const items = await repo.listOutreach(ctx.db, actor.orgId, patientId);
  await audit(ctx, ctx.db, actor, { action: 'outreach.list', resourceType: 'outreach_attempt', patientId, detail: { returned: items.length } });
  return { items };
}
