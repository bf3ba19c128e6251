// The work queue's warning list: signed CMRs whose takeaway has not been sent, oldest first, so nobody misses the
// 14-day deadline (PRODUCT.md §5.3; a CMR counts only once its written summary is sent).
import { can, type Actor } from '../domain/roles.ts';
import { listTakeawaysDue, type TakeawayDue } from '../store/encounters.repository.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

export async function takeawaysDue(ctx: ServiceContext, actor: Actor): Promise<{ items: TakeawayDue[] }> {
  const action = 'encounter.takeaways-due';
  if (!can(actor.role, 'worklist:read')) await deny(ctx, actor, { action, resourceType: 'mtm_encounter' }, 'Your role may not read the work queue');
  const items = await listTakeawaysDue(ctx.db, actor.orgId);
  await audit(ctx, ctx.db, actor, { action, resourceType: 'mtm_encounter', resourceId: null, patientId: null, detail: { shown: items.map((i) => i.patientId) } });
  return { items };
}
