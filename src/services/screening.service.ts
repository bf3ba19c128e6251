// Drug therapy problem screening for a chart in the database and for a FHIR Bundle posted to the API.
// The engine is pure; this layer loads the chart, checks access, audits and picks the knowledge base.
import type { Actor } from '../domain/roles.ts';
import { can } from '../domain/roles.ts';
import type { ScreeningResult } from '../domain/screening.ts';
import { ValidationError } from '../domain/errors.ts';
import { screenPatient } from '../engines/screening/index.ts';
import { bundleToSnapshot } from '../interop/fhir-r4.ts';
import { shippedKnowledge, type Knowledge } from '../knowledge/screening/index.ts';
import { loadChart } from '../store/patients.repository.ts';
import { audit, deny } from './audit.service.ts';
import { chartToSnapshot } from './chart-snapshot.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';

export function knowledgeOf(ctx: ServiceContext): Knowledge {
  return ctx.knowledge ?? shippedKnowledge();
}

function checkAsOf(asOf: string | undefined, today: string): string {
  if (asOf !== undefined && asOf > today) throw new ValidationError('Date in the future', [{ pointer: '/asOf', message: `must not be after ${today}` }]);
  return asOf ?? today;
}

export async function screenChart(ctx: ServiceContext, actor: Actor, patientId: string, asOfInput?: string): Promise<ScreeningResult & { knowledge: { file: string; version: string }[] }> {
  await requirePatientAccess(ctx, ctx.db, actor, patientId, 'patient.screen');
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'patient.screen', resourceType: 'patient', resourceId: patientId, patientId }, 'Your role may not read patient records');
  }
  const today = isoDay(ctx.clock.now());
  const asOf = checkAsOf(asOfInput, today);
  const rows = await loadChart(ctx.db, actor.orgId, patientId, asOf);
  const k = knowledgeOf(ctx);
  const result = screenPatient(chartToSnapshot(patientId, rows), asOf, k);
  await audit(ctx, ctx.db, actor, {
    action: 'patient.screen', resourceType: 'patient', resourceId: patientId, patientId,
    detail: { asOf, findings: result.findings.length, ruleErrors: result.errors.map((e) => e.ruleId) },
  });
  return { ...result, knowledge: k.files.map((f) => ({ file: f.file, version: f.version })) };
}

export async function screenBundle(ctx: ServiceContext, actor: Actor, bundle: unknown, opts: { asOf?: string; patientId?: string }) {
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'screen.bundle', resourceType: 'bundle', resourceId: null, patientId: null }, 'Your role may not screen patient data');
  }
  const asOf = checkAsOf(opts.asOf, isoDay(ctx.clock.now()));
  const snapshot = bundleToSnapshot(bundle, opts.patientId ? { patientId: opts.patientId } : {});
  const result = screenPatient(snapshot, asOf, knowledgeOf(ctx));
  await audit(ctx, ctx.db, actor, {
    action: 'screen.bundle', resourceType: 'bundle', resourceId: null, patientId: null,
    detail: { asOf, fhirPatientId: snapshot.id, findings: result.findings.length, ruleErrors: result.errors.map((e) => e.ruleId) },
  });
  return result;
}
