// Drug therapy problem screening for a chart in the database and for a FHIR Bundle posted to the API.
// The engine is pure; this layer loads the chart, checks access, audits and picks the knowledge base.
import type { Actor } from '../domain/roles.ts';
import { can } from '../domain/roles.ts';
import type { PatientSnapshot, ScreeningResult, SnapshotMedication } from '../domain/screening.ts';
import { ValidationError } from '../domain/errors.ts';
import { screenPatient } from '../engines/screening/index.ts';
import { bundleToSnapshot } from '../interop/fhir-r4.ts';
import { shippedKnowledge, type Knowledge } from '../knowledge/screening/index.ts';
import { loadChart, type ScreeningChartRows } from '../store/patients.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';

export function knowledgeOf(ctx: ServiceContext): Knowledge {
  return ctx.knowledge ?? shippedKnowledge();
}

const KINDS = new Set(['prescription', 'otc', 'herbal', 'supplement']);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The chart sections as the engine's snapshot (dates are ISO strings from the database's json). */
export function chartToSnapshot(patientId: string, rows: ScreeningChartRows): PatientSnapshot {
  const p = rows.patient[0] ?? {};
  const sex = s(p['sex']);
  return {
    id: patientId,
    ...(s(p['birthDate']) ? { birthDate: s(p['birthDate'])!.slice(0, 10) } : {}),
    sex: sex === 'female' || sex === 'male' || sex === 'other' ? sex : 'unknown',
    medications: rows.medications.map((m) => ({
      id: String(m['id']), name: s(m['display']) ?? '', status: m['status'] === 'active' ? 'active' as const : 'stopped' as const,
      ...(s(m['rxcui']) ? { rxcui: s(m['rxcui'])! } : {}), ...(s(m['sig']) ? { sig: s(m['sig'])! } : {}),
      ...(KINDS.has(String(m['source'])) ? { kind: m['source'] as SnapshotMedication['kind'] } : {}),
      ...(s(m['startDate']) ? { startDate: s(m['startDate'])!.slice(0, 10) } : {}), ...(s(m['stopDate']) ? { stopDate: s(m['stopDate'])!.slice(0, 10) } : {}),
    })),
    conditions: rows.conditions.map((c) => ({
      id: String(c['id']), text: s(c['display']) ?? '', active: c['clinicalStatus'] === 'active',
      ...(c['codeSystem'] === 'icd10cm' ? { icd10: String(c['code']).replace('.', '') } : { snomed: String(c['code']) }),
      ...(s(c['onsetDate']) ? { onsetDate: s(c['onsetDate'])!.slice(0, 10) } : {}),
    })),
    observations: rows.observations.filter((o) => typeof o['valueNum'] === 'number').map((o) => ({
      id: String(o['id']), loinc: String(o['loinc']), text: s(o['display']), value: o['valueNum'] as number,
      ...(s(o['unit']) ? { unit: s(o['unit'])! } : {}), date: String(o['effectiveDate']).slice(0, 10),
    })),
    allergies: rows.allergies.map((a) => ({ id: String(a['id']), text: s(a['substance']) ?? '', ...(s(a['substanceRxcui']) ? { rxcui: s(a['substanceRxcui'])! } : {}) })),
    immunizations: rows.immunizations.map((i) => ({ id: String(i['id']), cvx: String(i['cvx']), text: s(i['display']), date: String(i['administeredDate']).slice(0, 10) })),
    fills: rows.fills.filter((f) => f['claimStatus'] !== 'reversed').map((f) => ({
      id: String(f['id']), name: s(f['drugName']) ?? '', date: String(f['fillDate']).slice(0, 10), daysSupply: Number(f['daysSupply']),
      ...(s(f['rxcui']) ? { rxcui: s(f['rxcui'])! } : {}), ...(s(f['ndc']) ? { ndc: s(f['ndc'])! } : {}),
    })),
  };
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
