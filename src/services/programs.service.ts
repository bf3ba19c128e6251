// MTM programs, enrollment and opt-out (issue 5; PRODUCT.md C4, §5.1, §5.2).
// Every write and its audit entry commit in one transaction; opting out also closes the enrollment's active items.
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import { OPT_OUT_REASONS, panelCriteriaSchema, type EnrollmentInput, type OptOutInput, type ProgramInput } from '../domain/worklists.ts';
import { parsePartdProgram } from '../engines/targeting/program.ts';
import * as repo from '../store/programs.repository.ts';
import { isUniqueViolation } from '../store/worklists.shared.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { need, today } from './worklists.shared.ts';

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
    if (isUniqueViolation(err)) {
      throw new ConflictError(`A program named "${input.name}" for ${input.year} already exists`, [
        { pointer: '/name', message: `a program with this name already exists for ${input.year}` },
      ]);
    }
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
    if (isUniqueViolation(err)) throw new ConflictError(`The patient is already enrolled in "${program.name}"`);
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
