// Generating the MTM work queue (issue 5; PRODUCT.md C4, §5.2): CMR, TMR and post-discharge items for every active
// enrollment, targeted interventions (adherence rescue, high-severity drug therapy problems) for every enrolled
// patient, and a fresh priority for every active item. One transaction per run, one run per organisation at a time.
import { ValidationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { PriorityFactor } from '../domain/worklists.ts';
import { reconcileInterventions } from '../engines/targeting/interventions.ts';
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
import * as interventions from '../store/interventions.repository.ts';
import * as repo from '../store/work-items.repository.ts';
import { audit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { assessPatients } from './interventions.service.ts';
import { knowledgeOf } from './screening.service.ts';
import { need, today } from './worklists.shared.ts';

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Adds what is due on `asOf`, closes intervention items nobody started whose reason no longer holds (recorded as
 * "not-needed" with the reason) and refreshes every active item's priority (overdue days grow). Idempotent: a cycle
 * or intervention topic that already has an item gets no other.
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
    for (const [patientId, rows] of groupBy(await repo.activeMedsOfEnrolled(q, actor.orgId, asOf), (m) => m.patientId)) {
      medsByPatient.set(patientId, rows.map((m) => ({ id: m.id, name: m.name, rxcui: m.rxcui ?? undefined })));
    }
    const dischargesByPatient = groupBy(await repo.recentDischarges(q, actor.orgId, addDays(asOf, -POST_DISCHARGE_LOOKBACK_DAYS), asOf), (d) => d.patientId);
    const riskCache = new Map<string, Map<HighRiskClass, string>>();
    const score = (patientId: string, birthDate: string, item: Pick<DueItem, 'kind' | 'dueDate' | 'initial'>, reasonFactors: readonly PriorityFactor[]) => {
      const meds = medsByPatient.get(patientId) ?? [];
      let risk = riskCache.get(patientId);
      if (!risk) riskCache.set(patientId, (risk = highRiskClassesOf(meds, k)));
      return priorityOf({ item, asOf, birthDate, activeMedications: meds.length, highRisk: risk, reasonFactors });
    };

    // Recurring services per enrollment; patient-level items (post-discharge, interventions) go under the patient's
    // earliest enrollment (enrollments arrive ordered by patient, then enrollment date).
    const fresh: repo.NewWorkItem[] = [];
    const firstEnrollment = new Map<string, (typeof enrollments)[number]>();
    for (const e of enrollments) {
      const hist = (kind: string) => history.get(`${e.enrollmentId}|${kind}`) ?? NO_HISTORY;
      const due: DueItem[] = [];
      const cmr = nextCmr(e.enrolledOn, hist('cmr'), asOf);
      if (cmr) due.push(cmr);
      const tmr = nextTmr(e.enrolledOn, hist('cmr'), hist('tmr'), asOf);
      if (tmr) due.push(tmr);
      if (!firstEnrollment.has(e.patientId)) {
        firstEnrollment.set(e.patientId, e);
        for (const d of dischargesByPatient.get(e.patientId) ?? []) {
          const item = d.endDate >= e.enrolledOn ? postDischarge(d.endDate, d.facility, asOf) : undefined;
          if (item) due.push(item);
        }
      }
      for (const d of due) {
        const p = score(e.patientId, e.birthDate, d, []);
        fresh.push({ enrollmentId: e.enrollmentId, programId: e.programId, patientId: e.patientId, ...d, priority: p.priority, factors: p.factors });
      }
    }
    const created = await repo.insertWorkItems(q, actor.orgId, fresh, now);

    // Targeted interventions per patient.
    const { assessments, errors } = await assessPatients(q, actor.orgId, [...firstEnrollment.keys()], asOf, k, ctx.measureClassifier?.classify);
    const existing = groupBy(await interventions.interventionItems(q, actor.orgId), (i) => i.patientId);
    const add: interventions.NewIntervention[] = [];
    const close: { id: string; reason: string }[] = [];
    for (const [patientId, assessment] of assessments) {
      const e = firstEnrollment.get(patientId)!;
      const r = reconcileInterventions(assessment, existing.get(patientId) ?? [], asOf);
      close.push(...r.close);
      for (const i of r.create) {
        const p = score(patientId, e.birthDate, { kind: i.kind, dueDate: i.dueDate, initial: false }, i.factors);
        add.push({ enrollmentId: e.enrollmentId, programId: e.programId, patientId, ...i, priority: p.priority, factors: p.factors, reasonFactors: i.factors });
      }
    }
    const added = await interventions.insertInterventions(q, actor.orgId, add, now);
    const closed = await interventions.closeNotNeeded(q, actor.orgId, close, now);

    const birthByEnrollment = new Map(enrollments.map((e) => [e.enrollmentId, e.birthDate]));
    const updates: { id: string; priority: number; factors: PriorityFactor[] }[] = [];
    for (const item of await repo.activeItems(q, actor.orgId)) {
      const birthDate = birthByEnrollment.get(item.enrollmentId);
      if (!birthDate) continue;
      const p = score(item.patientId, birthDate, item, item.reasonFactors);
      updates.push({ id: item.id, priority: p.priority, factors: p.factors });
    }
    await repo.updatePriorities(q, actor.orgId, updates);
    const result = {
      asOf,
      enrollments: enrollments.length,
      created: created + added.length,
      interventions: {
        adherence: added.filter((a) => a.kind === 'adherence').length,
        dtp: added.filter((a) => a.kind === 'dtp').length,
        closedNoLongerNeeded: closed.length,
      },
      assessmentErrors: errors,
      reprioritised: updates.length,
    };
    await audit(ctx, q, actor, { action: 'worklist.generate', resourceType: 'work_item', detail: { ...result, closedItems: closed } });
    return result;
  });
}
