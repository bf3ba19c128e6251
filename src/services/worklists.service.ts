// MTM programs, enrollment, the worklist queue, outreach and scheduling (issue 5; PRODUCT.md C4, §5.1, §5.2).
// Every write and its audit entry commit in one transaction. Races are settled by the database: a claim is one
// conditional UPDATE (the loser sees 0 rows), a booking locks the pharmacist's row before looking for overlaps.
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import {
  ACTIVE_STATUSES,
  DEFAULT_PHARMACIST_CAPACITY,
  FAILED_OUTREACH,
  MAX_FAILED_ATTEMPTS,
  OPT_OUT_REASONS,
  panelCriteriaSchema,
  type Appointment,
  type AppointmentInput,
  type AppointmentPatch,
  type EnrollmentInput,
  type OptOutInput,
  type OutreachInput,
  type PharmacistSuggestion,
  type ProgramInput,
  type WorkItem,
  type WorkItemStatus,
  type WorklistQuery,
} from '../domain/worklists.ts';
import { parsePartdProgram } from '../engines/targeting/program.ts';
import {
  addDays,
  highRiskClassesOf,
  nextCmr,
  nextTmr,
  NO_HISTORY,
  postDischarge,
  POST_DISCHARGE_LOOKBACK_DAYS,
  priorityOf,
  type DueItem,
  type HighRiskClass,
  type KindHistory,
  type PriorityMed,
} from '../engines/targeting/worklist.ts';
import type { Queryable } from '../store/db.ts';
import * as repo from '../store/worklists.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { knowledgeOf } from './screening.service.ts';

async function need(ctx: ServiceContext, actor: Actor, permission: Permission, action: string, resourceType: string, refusal: string, ids: { resourceId?: string; patientId?: string } = {}) {
  if (!can(actor.role, permission)) await deny(ctx, actor, { action, resourceType, resourceId: ids.resourceId ?? null, patientId: ids.patientId ?? null }, refusal);
}

const today = (ctx: ServiceContext) => isoDay(ctx.clock.now());

// ---- programs -------------------------------------------------------------------------------------------------

/** Checks a program's criteria for its kind; returns the criteria to store (Part D: normalised, defaults filled). */
function validateCriteria(input: ProgramInput): Record<string, unknown> {
  if (input.kind === 'partd') {
    const given = input.criteria;
    if (given['year'] !== undefined && given['year'] !== input.year) {
      throw new ValidationError('Invalid targeting program: criteria.year must match the program year', [
        { pointer: '/criteria/year', message: `must match the program year ${input.year}` },
      ]);
    }
    try {
      const { cmsCostThreshold: _cms, ...program } = parsePartdProgram({ ...given, kind: 'partd', year: input.year });
      return program;
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(err.message, err.issues.map((i) => ({ ...i, pointer: `/criteria${i.pointer}` })));
      throw err;
    }
  }
  const r = panelCriteriaSchema.safeParse(input.criteria);
  if (!r.success) {
    const issues: FieldIssue[] = r.error.issues.map((i) => ({ pointer: `/criteria/${i.path.join('/')}`, message: `${i.path.join('.') || 'criteria'}: ${i.message}` }));
    throw new ValidationError(`Invalid program criteria: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  return r.data;
}

export async function createProgram(ctx: ServiceContext, actor: Actor, input: ProgramInput) {
  await need(ctx, actor, 'program:manage', 'program.create', 'program', 'Only a program manager may define MTM programs');
  const criteria = validateCriteria(input);
  try {
    return await ctx.db.tx(async (q) => {
      const program = await repo.insertProgram(q, { orgId: actor.orgId, name: input.name, kind: input.kind, year: input.year, criteria, active: input.active, createdBy: actor.userId });
      await audit(ctx, q, actor, { action: 'program.create', resourceType: 'program', resourceId: program.id, detail: { name: input.name, kind: input.kind, year: input.year } });
      return program;
    });
  } catch (err) {
    if (repo.isUniqueViolation(err)) throw new ConflictError(`A program named "${input.name}" for ${input.year} already exists`);
    throw err;
  }
}

export async function listOrgPrograms(ctx: ServiceContext, actor: Actor) {
  await need(ctx, actor, 'worklist:read', 'program.list', 'program', 'Your role may not see MTM programs');
  return { items: await repo.listPrograms(ctx.db, actor.orgId) };
}

export async function setProgramActive(ctx: ServiceContext, actor: Actor, programId: string, active: boolean) {
  await need(ctx, actor, 'program:manage', 'program.update', 'program', 'Only a program manager may change MTM programs', { resourceId: programId });
  return ctx.db.tx(async (q) => {
    if (!(await repo.setProgramActive(q, actor.orgId, programId, active))) throw new NotFoundError('Program');
    await audit(ctx, q, actor, { action: 'program.update', resourceType: 'program', resourceId: programId, detail: { active } });
    return (await repo.findProgram(q, actor.orgId, programId))!;
  });
}

// ---- enrollment -----------------------------------------------------------------------------------------------

export async function enrollPatient(ctx: ServiceContext, actor: Actor, programId: string, input: EnrollmentInput) {
  const scope = await requirePatientAccess(ctx, ctx.db, actor, input.patientId, 'enrollment.create');
  await need(ctx, actor, 'program:manage', 'enrollment.create', 'enrollment', 'Only a program manager may enroll patients', { patientId: input.patientId });
  const program = await repo.findProgram(ctx.db, actor.orgId, programId);
  if (!program) throw new NotFoundError('Program');
  if (!program.active) throw new ValidationError(`The program "${program.name}" is inactive: activate it before enrolling patients`);
  const issues: FieldIssue[] = [];
  if (!input.enrolledOn.startsWith(`${program.year}-`)) issues.push({ pointer: '/enrolledOn', message: `must fall in the program year ${program.year}` });
  if (input.enrolledOn > today(ctx)) issues.push({ pointer: '/enrolledOn', message: `must not be after today (${today(ctx)})` });
  if (scope.deceasedDate && input.enrolledOn >= scope.deceasedDate) issues.push({ pointer: '/enrolledOn', message: `the patient died on ${scope.deceasedDate}` });
  if (input.enrolledOn < scope.birthDate) issues.push({ pointer: '/enrolledOn', message: `must not be before the patient's date of birth (${scope.birthDate})` });
  if (issues.length) throw new ValidationError(`Cannot enroll: ${issues.map((i) => i.message).join('; ')}`, issues);
  try {
    return await ctx.db.tx(async (q) => {
      const id = await repo.insertEnrollment(q, { orgId: actor.orgId, programId, patientId: input.patientId, enrolledOn: input.enrolledOn, createdBy: actor.userId });
      await audit(ctx, q, actor, { action: 'enrollment.create', resourceType: 'enrollment', resourceId: id, patientId: input.patientId, detail: { programId, enrolledOn: input.enrolledOn } });
      return (await repo.findEnrollment(q, actor.orgId, id))!;
    });
  } catch (err) {
    if (repo.isUniqueViolation(err)) throw new ConflictError(`The patient is already enrolled in "${program.name}"`);
    throw err;
  }
}

export async function listProgramEnrollments(ctx: ServiceContext, actor: Actor, programId: string, page: { limit: number; offset: number }) {
  await need(ctx, actor, 'worklist:read', 'enrollment.list', 'enrollment', 'Your role may not see program enrollments', { resourceId: programId });
  if (!(await repo.findProgram(ctx.db, actor.orgId, programId))) throw new NotFoundError('Program');
  const r = await repo.listEnrollments(ctx.db, actor.orgId, programId, page.limit, page.offset);
  await audit(ctx, ctx.db, actor, { action: 'enrollment.list', resourceType: 'enrollment', resourceId: programId, detail: { total: r.total, shown: r.items.map((e) => e.patientId) } });
  return { ...r, ...page };
}

export async function optOut(ctx: ServiceContext, actor: Actor, enrollmentId: string, input: OptOutInput) {
  const found = await repo.findEnrollment(ctx.db, actor.orgId, enrollmentId);
  if (!found) throw new NotFoundError('Enrollment');
  if (!can(actor.role, 'program:manage') && !can(actor.role, 'outreach:write')) {
    await deny(ctx, actor, { action: 'enrollment.opt-out', resourceType: 'enrollment', resourceId: enrollmentId, patientId: found.patientId }, 'Your role may not record opt-outs');
  }
  const issues: FieldIssue[] = [];
  if (input.date < found.enrolledOn) issues.push({ pointer: '/date', message: `must not be before the enrollment date (${found.enrolledOn})` });
  if (input.date > today(ctx)) issues.push({ pointer: '/date', message: `must not be after today (${today(ctx)})` });
  if (issues.length) throw new ValidationError(`Cannot opt out: ${issues.map((i) => i.message).join('; ')}`, issues);
  return ctx.db.tx(async (q) => {
    const e = await repo.findEnrollment(q, actor.orgId, enrollmentId, true);
    if (!e) throw new NotFoundError('Enrollment');
    if (e.optedOutOn) throw new ConflictError(`Already opted out on ${e.optedOutOn} (reason ${e.optOutReason})`);
    await repo.optOutEnrollment(q, actor.orgId, enrollmentId, { reason: input.reason, date: input.date, note: input.note ?? null });
    const closed = await repo.closeEnrollmentItems(q, actor.orgId, enrollmentId, `Opted out of the program on ${input.date} (${input.reason} ${OPT_OUT_REASONS[input.reason]})`, ctx.clock.now());
    await audit(ctx, q, actor, {
      action: 'enrollment.opt-out',
      resourceType: 'enrollment',
      resourceId: enrollmentId,
      patientId: e.patientId,
      detail: { reason: input.reason, date: input.date, closedItems: closed },
    });
    return { ...(await repo.findEnrollment(q, actor.orgId, enrollmentId))!, closedItems: closed };
  });
}

// ---- generation -----------------------------------------------------------------------------------------------

/**
 * Adds the CMR, TMR and post-discharge items that are due for every active enrollment on `asOf`, and refreshes the
 * priority of every active item (overdue days grow). Idempotent: a cycle that already has an item gets no other.
 */
export async function generateWorkItems(ctx: ServiceContext, actor: Actor, asOfInput: string | undefined) {
  await need(ctx, actor, 'program:manage', 'worklist.generate', 'work_item', 'Only a program manager may generate the worklist');
  const asOf = asOfInput ?? today(ctx);
  if (asOf > today(ctx)) throw new ValidationError('asOf is in the future', [{ pointer: '/asOf', message: `must not be after today (${today(ctx)})` }]);
  const k = knowledgeOf(ctx);
  const now = ctx.clock.now();
  return ctx.db.tx(async (q) => {
    await repo.lockOrgGeneration(q, actor.orgId);
    const enrollments = await repo.activeEnrollments(q, actor.orgId, asOf);
    const history = new Map<string, KindHistory>();
    for (const h of await repo.itemHistory(q, actor.orgId)) history.set(`${h.enrollmentId}|${h.kind}`, h);
    const medsByPatient = new Map<string, PriorityMed[]>();
    for (const m of await repo.activeMedsOfEnrolled(q, actor.orgId, asOf)) {
      let list = medsByPatient.get(m.patientId);
      if (!list) medsByPatient.set(m.patientId, (list = []));
      list.push({ id: m.id, name: m.name, rxcui: m.rxcui ?? undefined });
    }
    const dischargesByPatient = new Map<string, { endDate: string; facility: string | null }[]>();
    for (const d of await repo.recentDischarges(q, actor.orgId, addDays(asOf, -POST_DISCHARGE_LOOKBACK_DAYS), asOf)) {
      let list = dischargesByPatient.get(d.patientId);
      if (!list) dischargesByPatient.set(d.patientId, (list = []));
      list.push(d);
    }
    const riskCache = new Map<string, Map<HighRiskClass, string>>();
    const score = (patientId: string, birthDate: string, item: Pick<DueItem, 'kind' | 'dueDate' | 'initial'>) => {
      const meds = medsByPatient.get(patientId) ?? [];
      let risk = riskCache.get(patientId);
      if (!risk) riskCache.set(patientId, (risk = highRiskClassesOf(meds, k)));
      return priorityOf({ item, asOf, birthDate, activeMedications: meds.length, highRisk: risk });
    };

    const fresh: repo.NewWorkItem[] = [];
    const seenPatients = new Set<string>();
    for (const e of enrollments) {
      const hist = (kind: string) => history.get(`${e.enrollmentId}|${kind}`) ?? NO_HISTORY;
      const due: DueItem[] = [];
      const cmr = nextCmr(e.enrolledOn, hist('cmr'), asOf);
      if (cmr) due.push(cmr);
      const tmr = nextTmr(e.enrolledOn, hist('cmr'), hist('tmr'), asOf);
      if (tmr) due.push(tmr);
      // One post-discharge review per stay, under the patient's earliest enrollment.
      if (!seenPatients.has(e.patientId)) {
        seenPatients.add(e.patientId);
        for (const d of dischargesByPatient.get(e.patientId) ?? []) {
          const item = d.endDate >= e.enrolledOn ? postDischarge(d.endDate, d.facility, asOf) : undefined;
          if (item) due.push(item);
        }
      }
      for (const d of due) {
        const p = score(e.patientId, e.birthDate, d);
        fresh.push({ enrollmentId: e.enrollmentId, programId: e.programId, patientId: e.patientId, ...d, priority: p.priority, factors: p.factors });
      }
    }
    const created = await repo.insertWorkItems(q, actor.orgId, fresh, now);

    const birthByEnrollment = new Map(enrollments.map((e) => [e.enrollmentId, e.birthDate]));
    const updates: { id: string; priority: number; factors: ReturnType<typeof priorityOf>['factors'] }[] = [];
    for (const item of await repo.activeItems(q, actor.orgId)) {
      const birthDate = birthByEnrollment.get(item.enrollmentId);
      if (!birthDate) continue;
      const p = score(item.patientId, birthDate, item);
      updates.push({ id: item.id, priority: p.priority, factors: p.factors });
    }
    await repo.updatePriorities(q, actor.orgId, updates);
    const result = { asOf, enrollments: enrollments.length, created, reprioritised: updates.length };
    await audit(ctx, q, actor, { action: 'worklist.generate', resourceType: 'work_item', detail: result });
    return result;
  });
}

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

async function itemOr404(ctx: ServiceContext, q: Queryable, actor: Actor, id: string): Promise<WorkItem> {
  const item = await repo.findWorkItem(q, actor.orgId, id);
  if (!item) {
    await audit(ctx, ctx.db, actor, { action: 'worklist.read', resourceType: 'work_item', resourceId: id, outcome: 'denied', detail: { reason: 'not found in organisation' } });
    throw new NotFoundError('Work item');
  }
  return item;
}

export async function getWorkItem(ctx: ServiceContext, actor: Actor, id: string) {
  await need(ctx, actor, 'worklist:read', 'worklist.read', 'work_item', 'Your role may not see MTM worklists', { resourceId: id });
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await audit(ctx, ctx.db, actor, { action: 'worklist.read', resourceType: 'work_item', resourceId: id, patientId: item.patientId });
  return item;
}

const isActive = (s: WorkItemStatus) => s === 'open' || s === 'claimed';

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

function activeLicence(p: repo.PharmacistRow, state: string, on: string): boolean {
  return p.licenses.some((l) => l.state === state && (l.expiresOn === null || l.expiresOn >= on));
}

/** The pharmacist may take this patient: a pharmacist of the organisation, licensed in the patient's state. */
function checkPharmacistFor(p: repo.PharmacistRow | undefined, patientState: string | null, on: string, pointer: string): repo.PharmacistRow {
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

/** A manager assigns (or reassigns) an item to a pharmacist licensed in the patient's state. */
export async function assignItem(ctx: ServiceContext, actor: Actor, id: string, userId: string) {
  const item = await itemOr404(ctx, ctx.db, actor, id);
  await need(ctx, actor, 'worklist:assign', 'worklist.assign', 'work_item', 'Only a manager may assign worklist items', { resourceId: id, patientId: item.patientId });
  const pharmacist = checkPharmacistFor(await repo.findPharmacist(ctx.db, actor.orgId, userId), item.state, today(ctx), '/userId');
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
  const facts = await repo.patientFacts(ctx.db, actor.orgId, item.patientId);
  const conditions = (facts?.conditions ?? []).map((c) => c.toLowerCase());
  const on = today(ctx);
  const items: PharmacistSuggestion[] = (await repo.listPharmacists(ctx.db, actor.orgId)).map((p) => {
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

// ---- outreach -------------------------------------------------------------------------------------------------

/**
 * Logs a contact attempt on an item. A decline closes the item with the patient's reason; the third failed
 * attempt (left message, wrong number) with none reaching the patient marks it unable-to-reach.
 */
export async function logOutreach(ctx: ServiceContext, actor: Actor, itemId: string, input: OutreachInput) {
  const item = await itemOr404(ctx, ctx.db, actor, itemId);
  await need(ctx, actor, 'outreach:write', 'outreach.create', 'outreach_attempt', 'Your role may not log outreach', { resourceId: itemId, patientId: item.patientId });
  return ctx.db.tx(async (q) => {
    const locked = (await repo.lockWorkItem(q, actor.orgId, itemId))!;
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
      await repo.closeWorkItem(q, actor.orgId, itemId, { status, reason: `Patient declined: ${input.declineReason}` }, now);
    } else if (!tally.reached && tally.failed >= MAX_FAILED_ATTEMPTS) {
      status = 'unable-to-reach';
      await repo.closeWorkItem(q, actor.orgId, itemId, { status, reason: `${tally.failed} attempts without reaching the patient` }, now);
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

// ---- appointments ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000;

function defaultReminders(start: string, now: Date): Appointment['reminders'] {
  const t = Date.parse(start);
  return [
    { sendAt: new Date(t - 24 * HOUR).toISOString(), channel: 'text' as const },
    { sendAt: new Date(t - 2 * HOUR).toISOString(), channel: 'phone' as const },
  ].filter((r) => Date.parse(r.sendAt) > now.getTime());
}

function slotTaken(name: string, other: { start: string; end: string }): ConflictError {
  return new ConflictError(`Slot taken: ${name} already has an appointment from ${other.start} to ${other.end}`);
}

export async function bookAppointment(ctx: ServiceContext, actor: Actor, input: AppointmentInput) {
  await requirePatientAccess(ctx, ctx.db, actor, input.patientId, 'appointment.create');
  await need(ctx, actor, 'outreach:write', 'appointment.create', 'appointment', 'Your role may not book appointments', { patientId: input.patientId });
  const now = ctx.clock.now();
  const start = new Date(input.start).toISOString();
  if (Date.parse(start) <= now.getTime()) throw new ValidationError('The appointment is in the past', [{ pointer: '/start', message: 'must be in the future' }]);
  const facts = (await repo.patientFacts(ctx.db, actor.orgId, input.patientId))!;
  const pharmacist = checkPharmacistFor(await repo.findPharmacist(ctx.db, actor.orgId, input.pharmacistId), facts.state, start.slice(0, 10), '/pharmacistId');
  const workItemId = input.workItemId ?? null;
  if (workItemId) {
    const item = await repo.findWorkItem(ctx.db, actor.orgId, workItemId);
    if (!item || item.patientId !== input.patientId) throw new ValidationError('Unknown work item', [{ pointer: '/workItemId', message: "not a work item of this patient" }]);
  }
  const reminders = (input.reminders ?? defaultReminders(start, now)).map((r) => ({ sendAt: new Date(r.sendAt).toISOString(), channel: r.channel }));
  const late = reminders.find((r) => r.sendAt > start);
  if (late) throw new ValidationError('Reminder after the appointment', [{ pointer: '/reminders', message: `reminder at ${late.sendAt} is after the start` }]);
  try {
    return await ctx.db.tx(async (q) => {
      await repo.lockPharmacist(q, actor.orgId, pharmacist.userId);
      const overlap = await repo.findOverlap(q, pharmacist.userId, start, input.minutes, null);
      if (overlap) throw slotTaken(pharmacist.name, overlap);
      if (workItemId) {
        const locked = (await repo.lockWorkItem(q, actor.orgId, workItemId))!;
        if (!isActive(locked.status)) throw new ConflictError(`This item is already closed (${locked.status})`);
        if (locked.status === 'claimed' && locked.assignedRole === 'pharmacist' && locked.assignedTo !== pharmacist.userId) {
          const who = (await repo.findWorkItem(q, actor.orgId, workItemId))!.assignedTo?.name ?? 'another pharmacist';
          throw new ConflictError(`This item is claimed by ${who}: book with them, or ask a manager to reassign it`);
        }
        // The booked pharmacist takes the item, so it shows in their queue as well as their calendar.
        if (locked.assignedTo !== pharmacist.userId) await repo.assignWorkItem(q, actor.orgId, workItemId, pharmacist.userId, actor.userId, now);
        await repo.setItemScheduled(q, actor.orgId, workItemId, start, now);
      }
      const id = await repo.insertAppointment(q, {
        orgId: actor.orgId,
        patientId: input.patientId,
        pharmacistId: pharmacist.userId,
        workItemId,
        start,
        minutes: input.minutes,
        mode: input.mode,
        reminders,
        createdBy: actor.userId,
        now,
      });
      await audit(ctx, q, actor, {
        action: 'appointment.create',
        resourceType: 'appointment',
        resourceId: id,
        patientId: input.patientId,
        detail: { pharmacistId: pharmacist.userId, start, minutes: input.minutes, mode: input.mode, workItemId },
      });
      return (await repo.findAppointment(q, actor.orgId, id))!;
    });
  } catch (err) {
    if (repo.isUniqueViolation(err)) throw new ConflictError(`Slot taken: ${pharmacist.name} already has an appointment at ${start}`);
    throw err;
  }
}

/** Reschedule (start, length, mode) or change status (cancelled, no-show, completed) of a booked appointment. */
export async function updateAppointment(ctx: ServiceContext, actor: Actor, id: string, patch: AppointmentPatch) {
  const found = await repo.findAppointment(ctx.db, actor.orgId, id);
  if (!found) throw new NotFoundError('Appointment');
  await need(ctx, actor, 'outreach:write', 'appointment.update', 'appointment', 'Your role may not change appointments', { resourceId: id, patientId: found.patientId });
  const now = ctx.clock.now();
  const start = patch.start ? new Date(patch.start).toISOString() : found.start;
  if (patch.start && Date.parse(start) <= now.getTime()) throw new ValidationError('The appointment is in the past', [{ pointer: '/start', message: 'must be in the future' }]);
  if ((patch.status === 'no-show' || patch.status === 'completed') && Date.parse(found.start) > now.getTime()) {
    throw new ValidationError(`An appointment cannot be marked ${patch.status} before it starts (${found.start})`, [{ pointer: '/status', message: 'the appointment has not started yet' }]);
  }
  try {
    return await ctx.db.tx(async (q) => {
      await repo.lockPharmacist(q, actor.orgId, found.pharmacistId);
      const a = (await repo.findAppointment(q, actor.orgId, id, true))!;
      if (a.status !== 'booked') throw new ConflictError(`This appointment is ${a.status}; only booked appointments can change`);
      let action: string;
      if (patch.status) {
        action = `appointment.${patch.status === 'cancelled' ? 'cancel' : patch.status === 'completed' ? 'complete' : 'no-show'}`;
        await repo.setAppointmentStatus(q, actor.orgId, id, patch.status, patch.reason ?? null, now);
        // A cancelled or missed appointment leaves the item to be booked again.
        if (a.workItemId && patch.status !== 'completed') await repo.setItemScheduled(q, actor.orgId, a.workItemId, null, now);
      } else {
        action = 'appointment.reschedule';
        const minutes = patch.minutes ?? a.minutes;
        const overlap = await repo.findOverlap(q, a.pharmacistId, start, minutes, id);
        if (overlap) throw slotTaken(a.pharmacistName, overlap);
        const shift = Date.parse(start) - Date.parse(a.start);
        const reminders = a.reminders
          .map((r) => ({ sendAt: new Date(Date.parse(r.sendAt) + shift).toISOString(), channel: r.channel }))
          .filter((r) => Date.parse(r.sendAt) > now.getTime());
        await repo.rescheduleAppointment(q, actor.orgId, id, { start, minutes, mode: patch.mode ?? a.mode, reminders }, now);
        if (a.workItemId) await repo.setItemScheduled(q, actor.orgId, a.workItemId, start, now);
      }
      await audit(ctx, q, actor, { action, resourceType: 'appointment', resourceId: id, patientId: a.patientId, detail: { ...patch, previousStart: a.start } });
      return (await repo.findAppointment(q, actor.orgId, id))!;
    });
  } catch (err) {
    if (repo.isUniqueViolation(err)) throw new ConflictError(`Slot taken: ${found.pharmacistName} already has an appointment at ${start}`);
    throw err;
  }
}

const MAX_CALENDAR_DAYS = 92;

export async function pharmacistCalendar(ctx: ServiceContext, actor: Actor, query: { pharmacist?: string | undefined; from: string; to: string }) {
  await need(ctx, actor, 'worklist:read', 'calendar.read', 'appointment', 'Your role may not see calendars');
  const pharmacistId = query.pharmacist ?? actor.userId;
  const p = await repo.findPharmacist(ctx.db, actor.orgId, pharmacistId);
  if (!p || !p.isPharmacist) throw new NotFoundError('Pharmacist');
  if (Date.parse(query.to) - Date.parse(query.from) > MAX_CALENDAR_DAYS * 86_400_000) {
    throw new ValidationError(`A calendar covers at most ${MAX_CALENDAR_DAYS} days`, [{ pointer: '/to', message: `at most ${MAX_CALENDAR_DAYS} days after from` }]);
  }
  const items = await repo.listCalendar(ctx.db, actor.orgId, pharmacistId, query.from, query.to);
  await audit(ctx, ctx.db, actor, { action: 'calendar.read', resourceType: 'appointment', resourceId: pharmacistId, detail: { from: query.from, to: query.to, shown: items.map((a) => a.patientId) } });
  return { pharmacist: { id: p.userId, name: p.name }, from: query.from, to: query.to, items };
}
