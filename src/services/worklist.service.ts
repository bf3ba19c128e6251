// The MTM worklist (issue 5; PRODUCT.md C4, §5.1, §5.2): the queue, claim, release, assignment, pharmacist
// suggestions and completion (generation: worklist-generate.service.ts). Every write and its audit entry commit in one transaction. Races are settled by the
// database: a claim is one conditional UPDATE (the loser sees 0 rows); other changes lock the item's row first.
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import {
  ACTIVE_STATUSES,
  DEFAULT_PHARMACIST_CAPACITY,
  type PharmacistSuggestion,
  type WorkItemStatus,
  type WorklistQuery,
} from '../domain/worklists.ts';
import * as pharmacists from '../store/pharmacists.repository.ts';
import * as repo from '../store/work-items.repository.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { activeLicence, checkPharmacistFor, isActive, itemOr404, need, today } from './worklists.shared.ts';

// ---- the queue ------------------------------------------------------------------------------------------------

export async function listWorklist(ctx: ServiceContext, actor: Actor, query: WorklistQuery) {
  await need(ctx, actor, 'worklist:read', 'worklist.list', 'work_item', 'Your role may not see MTM worklists');
  const statuses: readonly WorkItemStatus[] | undefined =
    query.status === 'active' ? ACTIVE_STATUSES : query.status === 'all' ? undefined : [query.status];
  const r = await repo.listWorkItems(ctx.db, {
    orgId: actor.orgId,
    statuses,
    programId: query.program,
    kind: query.kind,
    dueBefore: query.dueBefore,
    language: query.language,
    state: query.state,
    pharmacyId: query.pharmacy,
    assignedTo: query.assignedTo === 'me' ? actor.userId : query.assignedTo === 'none' ? null : query.assignedTo,
    limit: query.limit,
    offset: query.offset,
  });
  await audit(ctx, ctx.db, actor, {
    action: 'worklist.list',
    resourceType: 'work_item',
    detail: { filter: { ...query }, total: r.total, shown: r.items.map((i) => i.patientId) },
  });
  return { ...r, limit: query.limit, offset: query.offset };
}

export async function getWorkItem(ctx: ServiceContext, actor: Actor, id: string) {
  await need(ctx, actor, 'worklist:read', 'worklist.read', 'work_item', 'Your role may not see MTM worklists', { resourceId: id });
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await audit(ctx, ctx.db, actor, { action: 'worklist.read', resourceType: 'work_item', resourceId: id, patientId: item.patientId });
  return item;
}

/** Claims an open item. Of two simultaneous claims exactly one wins; the other is told who has it. */
export async function claimItem(ctx: ServiceContext, actor: Actor, id: string) {
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await need(ctx, actor, 'outreach:write', 'worklist.claim', 'work_item', 'Your role may not claim worklist items (managers assign them)', { resourceId: id, patientId: item.patientId });
  return ctx.db.tx(async (q) => {
    if (await repo.claimWorkItem(q, actor.orgId, id, actor.userId, ctx.clock.now())) {
      await audit(ctx, q, actor, { action: 'worklist.claim', resourceType: 'work_item', resourceId: id, patientId: item.patientId });
      return (await repo.findWorkItem(q, actor.orgId, id))!;
    }
    const now = (await repo.findWorkItem(q, actor.orgId, id))!;
    if (now.status === 'claimed' && now.assignedTo?.id === actor.userId) return now;
    if (now.status === 'claimed') throw new ConflictError(`Already claimed by ${now.assignedTo?.name ?? 'someone else'}`);
    throw new ConflictError(`This item is ${now.status}; only open items can be claimed`);
  });
}

/** Gives a claimed item back to the queue: the claimant, or a manager. */
export async function releaseItem(ctx: ServiceContext, actor: Actor, id: string) {
  const item = await itemOr404(ctx, ctx.db, actor, id);
  if (item.assignedTo?.id !== actor.userId && !can(actor.role, 'worklist:assign')) {
    await deny(ctx, actor, { action: 'worklist.release', resourceType: 'work_item', resourceId: id, patientId: item.patientId }, 'Only the person who has the item, or a manager, may release it');
  }
  return ctx.db.tx(async (q) => {
    const locked = (await repo.lockWorkItem(q, actor.orgId, id))!;
    if (locked.status !== 'claimed') throw new ConflictError(`This item is ${locked.status}; only claimed items can be released`);
    await repo.releaseWorkItem(q, actor.orgId, id, ctx.clock.now());
    await audit(ctx, q, actor, { action: 'worklist.release', resourceType: 'work_item', resourceId: id, patientId: item.patientId, detail: { from: locked.assignedTo } });
    return (await repo.findWorkItem(q, actor.orgId, id))!;
  });
}

/** A manager assigns (or reassigns) an item to a pharmacist licensed in the patient's state. */
export async function assignItem(ctx: ServiceContext, actor: Actor, id: string, userId: string) {
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await need(ctx, actor, 'worklist:assign', 'worklist.assign', 'work_item', 'Only a manager may assign worklist items', { resourceId: id, patientId: item.patientId });
  const pharmacist = checkPharmacistFor(await pharmacists.findPharmacist(ctx.db, actor.orgId, userId), item.state, today(ctx), '/userId');
  return ctx.db.tx(async (q) => {
    const locked = (await repo.lockWorkItem(q, actor.orgId, id))!;
    if (!isActive(locked.status)) throw new ConflictError(`This item is ${locked.status}; only open or claimed items can be assigned`);
    await repo.assignWorkItem(q, actor.orgId, id, pharmacist.userId, actor.userId, ctx.clock.now());
    await audit(ctx, q, actor, { action: 'worklist.assign', resourceType: 'work_item', resourceId: id, patientId: item.patientId, detail: { from: locked.assignedTo, to: pharmacist.userId } });
    return (await repo.findWorkItem(q, actor.orgId, id))!;
  });
}

/** Pharmacists ranked for an item: licence in the patient's state first, then language, expertise and spare capacity. */
export async function suggestPharmacists(ctx: ServiceContext, actor: Actor, id: string): Promise<{ itemId: string; state: string | null; language: string; items: PharmacistSuggestion[] }> {
  await need(ctx, actor, 'worklist:read', 'worklist.suggest', 'work_item', 'Your role may not see MTM worklists', { resourceId: id });
  const item = await itemOr404(ctx, ctx.db, actor, id);
  const facts = await pharmacists.patientFacts(ctx.db, actor.orgId, item.patientId);
  const conditions = (facts?.conditions ?? []).map((c) => c.toLowerCase());
  const on = today(ctx);
  const items: PharmacistSuggestion[] = (await pharmacists.listPharmacists(ctx.db, actor.orgId)).map((p) => {
    const reasons: string[] = [];
    let score = 0;
    const licensed = item.state !== null && activeLicence(p, item.state, on);
    if (licensed) {
      score += 50;
      reasons.push(`licensed in ${item.state}`);
    } else reasons.push(item.state ? `not licensed in ${item.state}` : 'patient state unknown');
    if (p.languages.includes(item.language)) {
      score += 25;
      reasons.push(`speaks the patient's language (${item.language})`);
    } else reasons.push(`does not list the patient's language (${item.language})`);
    const expertise = p.specialties.filter((s) => conditions.some((c) => c.includes(s.toLowerCase())));
    if (expertise.length) {
      score += 10;
      reasons.push(`expertise: ${expertise.join(', ')}`);
    }
    const capacity = p.capacity ?? DEFAULT_PHARMACIST_CAPACITY;
    const remaining = capacity - p.load;
    if (remaining > 0) {
      score += Math.round((15 * remaining) / capacity);
      reasons.push(`${remaining} of ${capacity} slots free`);
    } else reasons.push(`at capacity (${p.load} of ${capacity} items)`);
    return {
      userId: p.userId,
      name: p.name,
      eligible: licensed && remaining > 0,
      score,
      reasons,
      languages: p.languages,
      licensedStates: p.licenses.map((l) => l.state),
      load: p.load,
      capacity,
    };
  });
  items.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score || a.name.localeCompare(b.name));
  await audit(ctx, ctx.db, actor, { action: 'worklist.suggest', resourceType: 'work_item', resourceId: id, patientId: item.patientId });
  return { itemId: id, state: item.state, language: item.language, items };
}

/** A pharmacist records the service as delivered (a done CMR starts the next annual cycle). */
export async function completeItem(ctx: ServiceContext, actor: Actor, id: string, input: { completedOn?: string | undefined; note?: string | null | undefined }) {
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await need(ctx, actor, 'encounter:write', 'worklist.complete', 'work_item', 'Only a pharmacist may record an MTM service as done', { resourceId: id, patientId: item.patientId });
  const completedOn = input.completedOn ?? today(ctx);
  if (completedOn > today(ctx)) throw new ValidationError('Completion date is in the future', [{ pointer: '/completedOn', message: `must not be after today (${today(ctx)})` }]);
  return ctx.db.tx(async (q) => {
    const locked = (await repo.lockWorkItem(q, actor.orgId, id))!;
    if (!isActive(locked.status)) throw new ConflictError(`This item is already ${locked.status}`);
    await repo.closeWorkItem(q, actor.orgId, id, { status: 'done', reason: input.note ?? null, completedOn, completedBy: actor.userId }, ctx.clock.now());
    await audit(ctx, q, actor, { action: 'worklist.complete', resourceType: 'work_item', resourceId: id, patientId: item.patientId, detail: { kind: item.kind, completedOn } });
    return (await repo.findWorkItem(q, actor.orgId, id))!;
  });
}
