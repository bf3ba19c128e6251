// A patient's adherence and star measures for a year, computed on read from the fills in the record.
import { isoDay as dayToIso, toDay } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { measureReport } from '../engines/adherence/report.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { loadMeasureInputs } from '../store/measures.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { memberFromRecord } from './measure-member.ts';
import { requirePatientAccess } from './patients.service.ts';

const iso = (day: number | null) => (day === null ? null : dayToIso(day));

export async function getPatientMeasures(ctx: ServiceContext, actor: Actor, patientId: string, year: number | undefined) {
  await requirePatientAccess(ctx, ctx.db, actor, patientId, 'patient.measures');
  if (!can(actor.role, 'patient:read')) {
    await deny(ctx, actor, { action: 'patient.measures', resourceType: 'patient', resourceId: patientId, patientId }, 'Your role may not read patient records');
  }
  const today = isoDay(ctx.clock.now());
  const measurementYear = year ?? Number(today.slice(0, 4));
  if (measurementYear > Number(today.slice(0, 4))) {
    throw new ValidationError('Year in the future', [{ pointer: '/year', message: `must not be after ${today.slice(0, 4)}` }]);
  }
  const inputs = await loadMeasureInputs(ctx.db, actor.orgId, patientId);
  if (!inputs) throw new ValidationError('Patient has no measure inputs');

  const { member, unclassifiedFills } = memberFromRecord(patientId, inputs, ctx.measureClassifier?.classify);
  const report = measureReport(member, { ...DEFAULT_SETTINGS, year: measurementYear }, toDay(today));
  await audit(ctx, ctx.db, actor, { action: 'patient.measures', resourceType: 'patient', resourceId: patientId, patientId, detail: { year: measurementYear } });
  return {
    year: measurementYear,
    asOf: today,
    label: ctx.measureClassifier?.label ?? MEASURE_CLASSES_PROVENANCE.label,
    unclassifiedFills,
    measures: report.map((r) => ({
      measure: r.measure,
      inDenominator: r.inDenominator,
      reason: r.reason,
      pdc: r.pdc,
      coveredDays: r.coveredDays,
      periodDays: r.periodDays,
      numerator: r.numerator,
      periodStart: iso(r.periodStart),
      periodEnd: iso(r.periodEnd),
      refill: r.refill === null ? null
        : r.refill.status === 'refill-by' ? { status: r.refill.status, lastDate: dayToIso(r.refill.lastDay) }
        : r.refill.status === 'cannot-reach' ? { status: r.refill.status, bestPdc: r.refill.bestPdc }
        : { status: r.refill.status },
      fills: r.fills.map((f) => ({ date: dayToIso(f.day), daysSupply: f.daysSupply, drug: f.drug, coveredFrom: iso(f.from), coveredTo: iso(f.to) })),
    })),
  };
}

