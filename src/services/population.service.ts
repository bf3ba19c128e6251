// Population measure runs for managers and pharmacists (issue 4): start a run over the organisation's patients
// (the background runner works on it), watch its progress, read plan rates with stars from the organisation's cut
// points, work the rescue list (members one refill away from 80%), export the per-member results.
import { ValidationError, NotFoundError } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import { MEASURES } from '../engines/adherence/measures.ts';
import { cutPointsFile, starRating, type CutPoints } from '../engines/adherence/star-rating.ts';
import { startMeasureRun } from '../jobs/measure-run.ts';
import { findRun, getCutPoints, listRuns, putCutPoints, rescueList, runResults, type RunRow } from '../store/measure-runs.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';

async function need(ctx: ServiceContext, actor: Actor, permission: Permission, action: string): Promise<void> {
  if (!can(actor.role, permission)) await deny(ctx, actor, { action, resourceType: 'measure_run' }, 'Your role may not use population measure runs');
}

async function cutPointsOf(ctx: ServiceContext, orgId: string): Promise<CutPoints | null> {
  const doc = await getCutPoints(ctx.db, orgId);
  return doc === undefined ? null : cutPointsFile.parse(doc);
}

/** A run as the API shows it: progress, and each measure's rate with its stars when cut points are set. */
function present(run: RunRow, cut: CutPoints | null) {
  // In the measures' usual order (the stored rates are a JSON object, whose key order the database does not keep).
  const measures = MEASURES.filter((id) => run.rates?.[id]).map((measure) => {
    const r = run.rates![measure]!;
    const m = cut?.measures[measure];
    return { measure, ...r, stars: m && r.rate !== null ? starRating(r.rate, m) : null };
  });
  return { ...run, measures, cutPoints: cut ? { source: cut.source, year: cut.year } : null };
}

export async function startPopulationRun(ctx: ServiceContext, actor: Actor, body: { year: number; asOf?: string | undefined }) {
  await need(ctx, actor, 'population:run', 'population.run.start');
  const today = isoDay(ctx.clock.now());
  const asOf = body.asOf ?? today;
  if (asOf > today) throw new ValidationError('The as-of date is in the future', [{ pointer: '/asOf', message: `must not be after ${today}` }]);
  const runId = await startMeasureRun(ctx.db, ctx.clock, { orgId: actor.orgId, year: body.year, asOf, startedBy: actor.userId, classesLabel: ctx.measureClassifier?.label });
  await audit(ctx, ctx.db, actor, { action: 'population.run.start', resourceType: 'measure_run', resourceId: runId, detail: { year: body.year, asOf } });
  ctx.runner?.poke();
  return present((await findRun(ctx.db, actor.orgId, runId))!, await cutPointsOf(ctx, actor.orgId));
}

export async function listPopulationRuns(ctx: ServiceContext, actor: Actor, p: { limit: number; offset: number }) {
  await need(ctx, actor, 'population:read', 'population.run.list');
  const { items, total } = await listRuns(ctx.db, actor.orgId, p.limit, p.offset);
  const cut = await cutPointsOf(ctx, actor.orgId);
  return { items: items.map((r) => present(r, cut)), total, limit: p.limit, offset: p.offset };
}

async function runOf(ctx: ServiceContext, actor: Actor, runId: string): Promise<RunRow> {
  const run = await findRun(ctx.db, actor.orgId, runId);
  if (!run) throw new NotFoundError('Measure run');
  return run;
}

export async function getPopulationRun(ctx: ServiceContext, actor: Actor, runId: string) {
  await need(ctx, actor, 'population:read', 'population.run.read');
  return present(await runOf(ctx, actor, runId), await cutPointsOf(ctx, actor.orgId));
}

/** The rescue list lists patients: audited like a search, with the ids shown. */
export async function getRescueList(ctx: ServiceContext, actor: Actor, runId: string, p: { limit: number; offset: number }) {
  await need(ctx, actor, 'population:read', 'population.rescue');
  const run = await runOf(ctx, actor, runId);
  const { items, total } = await rescueList(ctx.db, actor.orgId, runId, p.limit, p.offset);
  await audit(ctx, ctx.db, actor, { action: 'population.rescue', resourceType: 'measure_run', resourceId: runId, detail: { shown: items.map((i) => i.patientId) } });
  return { asOf: run.asOf, items, total, limit: p.limit, offset: p.offset };
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function exportRunResults(ctx: ServiceContext, actor: Actor, runId: string): Promise<string> {
  await need(ctx, actor, 'population:read', 'population.export');
  const run = await runOf(ctx, actor, runId);
  if (run.status !== 'done') throw new ValidationError(`The run is ${run.status}; results can be exported once it is done`);
  const rows = await runResults(ctx.db, actor.orgId, runId);
  await audit(ctx, ctx.db, actor, { action: 'population.export', resourceType: 'measure_run', resourceId: runId, detail: { rows: rows.length } });
  const lines = ['patient_id,member_id,measure,in_denominator,reason,pdc,numerator,refill_by'];
  for (const r of rows) {
    lines.push([r.patientId, csvCell(r.memberId ?? ''), r.measure, r.inDenominator ? '1' : '0', r.reason, r.pdc === null ? '' : r.pdc.toFixed(6), String(r.numerator), r.refillBy ?? ''].join(','));
  }
  return lines.join('\n') + '\n';
}

export async function getStarCutPoints(ctx: ServiceContext, actor: Actor) {
  await need(ctx, actor, 'population:read', 'population.cut-points.read');
  return { cutPoints: await cutPointsOf(ctx, actor.orgId) };
}

export async function setStarCutPoints(ctx: ServiceContext, actor: Actor, body: unknown) {
  await need(ctx, actor, 'population:run', 'population.cut-points.write');
  const parsed = cutPointsFile.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError('The cut points are invalid', parsed.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), message: i.message })));
  }
  await ctx.db.tx(async (q) => {
    await putCutPoints(q, actor.orgId, parsed.data, actor.userId, ctx.clock.now());
    await audit(ctx, q, actor, { action: 'population.cut-points.write', resourceType: 'star_cut_points', detail: { source: parsed.data.source, year: parsed.data.year } });
  });
  return { cutPoints: parsed.data };
}
