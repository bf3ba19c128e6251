// Targeting runs for program managers (issue 5): start a run of a program — Part D, or a panel program (Medicaid,
// commercial, employer, clinic) — over the organisation's patients (the background runner works on it in shards),
// follow its progress, read the summary and the eligible members (a panel's: every criterion's outcome), export
// every result as CSV; and record a patient's DMP at-risk status, which targets them for Part D (reason 02/03).
// Lists of patients and exports are audited with the patients shown, like searches.
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { DmpStatusInput, EnrollmentOutcome, PanelDecisionCode, TargetingReasonCode } from '../domain/targeting.ts';
import { panelResultsCsv, targetResultsCsv } from '../interop/target-results-csv.ts';
import { startTargetRun } from '../jobs/target-run.ts';
import { findProgram } from '../store/programs.repository.ts';
import { findDmpStatus, setDmpStatus } from '../store/target-inputs.repository.ts';
import { findTargetRun, listEligible, listTargetRuns, targetRunResults, type TargetRunRow } from '../store/target-runs.repository.ts';
import { audit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { need, today } from './worklists.shared.ts';

const REFUSAL = 'Only a program manager may run targeting';

async function runOr404(ctx: ServiceContext, actor: Actor, runId: string): Promise<TargetRunRow> {
  const run = await findTargetRun(ctx.db, actor.orgId, runId);
  if (!run) throw new NotFoundError('Targeting run');
  return run;
}

export async function startProgramTargetRun(ctx: ServiceContext, actor: Actor, programId: string, body: { asOf?: string | undefined }) {
  await need(ctx, actor, 'program:manage', 'targeting.run.start', 'target_run', REFUSAL, { resourceId: programId });
  const runId = await startTargetRun(ctx.db, ctx.clock, {
    orgId: actor.orgId, programId, asOf: body.asOf, startedBy: actor.userId, knowledge: ctx.knowledge, classesLabel: ctx.measureClassifier?.label,
  });
  const run = (await findTargetRun(ctx.db, actor.orgId, runId))!;
  await audit(ctx, ctx.db, actor, { action: 'targeting.run.start', resourceType: 'target_run', resourceId: runId, detail: { programId, asOf: run.asOf } });
  ctx.runner?.poke();
  return run;
}

export async function listProgramTargetRuns(ctx: ServiceContext, actor: Actor, programId: string, page: { limit: number; offset: number }) {
  await need(ctx, actor, 'program:manage', 'targeting.run.list', 'target_run', REFUSAL, { resourceId: programId });
  if (!(await findProgram(ctx.db, actor.orgId, programId))) throw new NotFoundError('Program');
  return { ...(await listTargetRuns(ctx.db, actor.orgId, programId, page.limit, page.offset)), ...page };
}

export async function getTargetRun(ctx: ServiceContext, actor: Actor, runId: string) {
  await need(ctx, actor, 'program:manage', 'targeting.run.read', 'target_run', REFUSAL, { resourceId: runId });
  return runOr404(ctx, actor, runId);
}

/**
 * The eligible members of a run, earliest date met first (a panel run's by name, each with its criteria's outcomes;
 * `decision` lists another decision, e.g. could-not-assess); audited with the patients shown.
 */
export async function listTargetRunMembers(
  ctx: ServiceContext,
  actor: Actor,
  runId: string,
  f: { reason?: TargetingReasonCode | undefined; enrollment?: EnrollmentOutcome | undefined; decision?: PanelDecisionCode | undefined; limit: number; offset: number },
) {
  await need(ctx, actor, 'program:manage', 'targeting.members', 'target_run', REFUSAL, { resourceId: runId });
  const run = await runOr404(ctx, actor, runId);
  // Reason codes are CMS's for Part D; decisions belong to panel programs. Asking one kind for the other's is a
  // mistake worth saying, not an empty page.
  if (run.programKind === 'partd' && f.decision !== undefined) {
    throw new ValidationError('Part D runs have reason codes, not panel decisions', [{ pointer: '/decision', message: 'only for panel programs (Medicaid, commercial, employer, clinic); use reason' }]);
  }
  if (run.programKind !== 'partd' && f.reason !== undefined) {
    throw new ValidationError(`A ${run.programKind} program has no CMS reason codes`, [{ pointer: '/reason', message: 'only for Part D programs; use decision' }]);
  }
  const { items, total } = await listEligible(ctx.db, { orgId: actor.orgId, runId, ...f });
  await audit(ctx, ctx.db, actor, {
    action: 'targeting.members', resourceType: 'target_run', resourceId: runId,
    detail: { reason: f.reason ?? null, enrollment: f.enrollment ?? null, decision: f.decision ?? null, shown: items.map((i) => i.patientId) },
  });
  return { status: run.status, items, total, limit: f.limit, offset: f.offset };
}

/** Every patient's result: Part D in `openmtm target`'s output layout plus patient_id; panels as panelResultsCsv. */
export async function exportTargetRun(ctx: ServiceContext, actor: Actor, runId: string): Promise<string> {
  await need(ctx, actor, 'program:manage', 'targeting.export', 'target_run', REFUSAL, { resourceId: runId });
  const run = await runOr404(ctx, actor, runId);
  if (run.status !== 'done') throw new ValidationError(`The run is ${run.status}; results can be exported once it is done`);
  const rows = await targetRunResults(ctx.db, actor.orgId, runId);
  await audit(ctx, ctx.db, actor, { action: 'targeting.export', resourceType: 'target_run', resourceId: runId, detail: { rows: rows.length } });
  return run.programKind === 'partd' ? targetResultsCsv(rows) : panelResultsCsv(rows);
}

/**
 * Records the plan's Drug Management Program determination for a patient (null clears it). In real life it comes
 * from the Part D sponsor's DMP (42 CFR 423.153(f)): the plan identifies a potential at-risk beneficiary, reviews
 * the case with the prescribers and notifies the beneficiary; the date of that determination is `atRiskOn`.
 */
export async function setPatientDmpStatus(ctx: ServiceContext, actor: Actor, patientId: string, input: DmpStatusInput) {
  const scope = await requirePatientAccess(ctx, ctx.db, actor, patientId, 'patient.dmp-status');
  await need(ctx, actor, 'program:manage', 'patient.dmp-status', 'patient', "Only a program manager may record a patient's DMP status", { resourceId: patientId, patientId });
  const on = input.atRiskOn;
  if (on !== null && on < scope.birthDate) {
    throw new ValidationError('Invalid DMP status', [{ pointer: '/atRiskOn', message: `must not be before the patient's date of birth (${scope.birthDate})` }]);
  }
  // The determination is a past event; its end (the limitation period) may lie ahead.
  if (on !== null && on > today(ctx)) throw new ValidationError('Invalid DMP status', [{ pointer: '/atRiskOn', message: `must not be after today (${today(ctx)})` }]);
  return ctx.db.tx(async (q) => {
    const before = (await findDmpStatus(q, actor.orgId, patientId))!;
    await setDmpStatus(q, actor.orgId, patientId, input, ctx.clock.now());
    await audit(ctx, q, actor, { action: 'patient.dmp-status', resourceType: 'patient', resourceId: patientId, patientId, detail: { from: before, to: input } });
    return { patientId, dmp: input };
  });
}
