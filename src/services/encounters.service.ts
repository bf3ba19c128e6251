// MTM encounters (CMR/TMR, issue 6): create from a screened chart, document, decide drug therapy problems, reconcile
// medications, log time, sign (lock), add addenda and record the takeaway as sent. Every change goes through
// `change` (encounter-access.ts): permission, scope, version and lock checks, then write and audit in one transaction.
import type { EncounterCreate, EncounterPatch, InterventionCreate, ProblemCreate, ProblemDecision, ReconciliationPut, TakeawaySent, TimeCreate } from '../domain/encounter-inputs.ts';
import type { EncounterSummary } from '../domain/encounters.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { screenPatient } from '../engines/screening/index.ts';
import {
  findProblem,
  insertAddendum,
  insertEncounter,
  insertIntervention,
  insertProblems,
  insertTimeEntry,
  listEncounters,
  loadEncounter,
  markSigned,
  markTakeawaySent,
  proposedProblems,
  updateEncounterFields,
  updateProblem,
  type EncounterFields,
  type EncounterRow,
  type NewProblem,
} from '../store/encounters.repository.ts';
import { loadChart } from '../store/patients.repository.ts';
import { entriesAgainstChart, medicationOfPatient, upsertReconciliation } from '../store/reconciliation.repository.ts';
import { audit } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { change, READ, requireEncounter, requirePermission, RESOURCE, SIGN, WRITE, type C } from './encounter-access.ts';
import { requirePatientAccess } from './patients.service.ts';
import { applyWriteBack, writeBackIssues, type Review } from './review-writeback.ts';
import { chartToSnapshot } from './chart-snapshot.ts';
import { knowledgeOf } from './screening.service.ts';

const onPlanByDefault = (severity: string) => severity === 'high' || severity === 'moderate';

// ---- create, read, list ----

export async function createEncounter(ctx: ServiceContext, actor: Actor, patientId: string, input: EncounterCreate): Promise<EncounterRow> {
  const action = 'encounter.create';
  await requirePatientAccess(ctx, ctx.db, actor, patientId, action);
  await requirePermission(ctx, actor, WRITE, action, patientId, patientId);
  const now = ctx.clock.now();
  const today = isoDay(now);
  // Screen outside the transaction (pure CPU on a chart read); the encounter and its proposals commit together.
  const rows = await loadChart(ctx.db, actor.orgId, patientId, today);
  const result = screenPatient(chartToSnapshot(patientId, rows), today, knowledgeOf(ctx));
  const proposals: NewProblem[] = result.findings
    .filter((f) => f.status === 'problem')
    .map((f) => ({
      ruleId: f.ruleId, category: f.category, severity: f.severity, title: f.title, summary: f.summary, drugs: f.drugs,
      recommendation: f.recommendation, patientText: f.patientText, decision: 'proposed', onActionPlan: onPlanByDefault(f.severity),
    }));
  const patient = rows.patient[0] ?? {};
  const c: C = { orgId: actor.orgId, userId: actor.userId, now };
  return ctx.db.tx(async (q) => {
    const id = await insertEncounter(q, c, {
      patientId,
      kind: input.kind,
      focus: input.focus?.trim() ? input.focus.trim() : null,
      cognitiveImpairment: patient['cognitiveImpairment'] === 'yes',
      longTermCare: patient['longTermCare'] === true,
    });
    await insertProblems(q, c, id, proposals);
    await audit(ctx, q, actor, {
      action, resourceType: RESOURCE, resourceId: id, patientId,
      detail: { kind: input.kind, asOf: today, proposed: proposals.map((p) => p.ruleId), ruleErrors: result.errors.map((e) => e.ruleId) },
    });
    return (await loadEncounter(q, actor.orgId, id))!;
  });
}

export async function getEncounter(ctx: ServiceContext, actor: Actor, encounterId: string): Promise<EncounterRow> {
  const action = 'encounter.read';
  const head = await requireEncounter(ctx, actor, encounterId, action, READ);
  const enc = await loadEncounter(ctx.db, actor.orgId, encounterId);
  if (!enc) throw new NotFoundError('Encounter');
  await audit(ctx, ctx.db, actor, { action, resourceType: RESOURCE, resourceId: encounterId, patientId: head.patientId, detail: { view: 'encounter' } });
  return enc;
}

export async function listPatientEncounters(ctx: ServiceContext, actor: Actor, patientId: string): Promise<{ items: EncounterSummary[] }> {
  const action = 'encounter.read';
  await requirePatientAccess(ctx, ctx.db, actor, patientId, action);
  await requirePermission(ctx, actor, READ, action, patientId, patientId);
  const items = await listEncounters(ctx.db, actor.orgId, patientId);
  await audit(ctx, ctx.db, actor, { action, resourceType: RESOURCE, resourceId: null, patientId, detail: { view: 'list', shown: items.map((e) => e.id) } });
  return { items };
}

// ---- documentation ----

export function updateEncounter(ctx: ServiceContext, actor: Actor, encounterId: string, input: EncounterPatch): Promise<EncounterRow> {
  const { version, ...fields } = input;
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.update', version }, async (q, head) => {
    if (fields.followUpDate && fields.followUpDate < head.createdOn) {
      throw new ValidationError('Follow-up before the encounter', [{ pointer: '/followUpDate', message: `must not be before the encounter date (${head.createdOn})` }]);
    }
    const clean: EncounterFields = {};
    for (const [k, v] of Object.entries(fields) as [keyof EncounterFields, string | boolean | null | undefined][]) {
      if (v === undefined) continue;
      clean[k] = typeof v === 'string' && k !== 'status' && k !== 'followUpDate' && v.trim() === '' ? null : v;
    }
    await updateEncounterFields(q, actor.orgId, encounterId, clean);
    return { fields: Object.keys(clean) };
  });
}

export function decideProblem(ctx: ServiceContext, actor: Actor, encounterId: string, problemId: string, input: ProblemDecision): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.problem', version: input.version }, async (q, _head, c) => {
    const problem = await findProblem(q, encounterId, problemId);
    if (!problem) throw new NotFoundError('Problem');
    const reason = input.dismissReason?.trim() ?? '';
    if (input.decision === 'dismissed' && reason.length < 3) {
      throw new ValidationError('A dismissed problem needs a reason', [{ pointer: '/dismissReason', message: 'say why the problem is dismissed (at least 3 characters)' }]);
    }
    await updateProblem(q, c, encounterId, problemId, {
      decision: input.decision,
      dismissReason: input.decision === 'dismissed' ? reason : null,
      title: input.title, summary: input.summary, recommendation: input.recommendation, patientText: input.patientText, onActionPlan: input.onActionPlan,
    });
    const edited = (['title', 'summary', 'recommendation', 'patientText', 'onActionPlan'] as const).filter((k) => input[k] !== undefined);
    return { op: 'decide', problemId, decision: input.decision, ...(input.decision === 'dismissed' ? { dismissReason: reason } : {}), edited };
  });
}

export function addProblem(ctx: ServiceContext, actor: Actor, encounterId: string, input: ProblemCreate): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.problem', version: input.version }, async (q, _head, c) => {
    const [id] = await insertProblems(q, c, encounterId, [{
      ruleId: null, category: input.category, severity: input.severity, title: input.title, summary: input.summary,
      drugs: [...new Set((input.drugs ?? []).map((d) => d.toLowerCase()))].sort(), recommendation: input.recommendation,
      patientText: input.patientText, decision: 'accepted', onActionPlan: input.onActionPlan ?? onPlanByDefault(input.severity),
    }]);
    return { op: 'add', problemId: id, severity: input.severity, category: input.category };
  });
}

export function addIntervention(ctx: ServiceContext, actor: Actor, encounterId: string, input: InterventionCreate): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.intervention', version: input.version }, async (q, _head, c) => {
    const problemId = input.problemId ?? null;
    if (problemId && !(await findProblem(q, encounterId, problemId))) {
      throw new ValidationError('Unknown problem', [{ pointer: '/problemId', message: 'no such problem on this encounter' }]);
    }
    const id = await insertIntervention(q, c, encounterId, { problemId, kind: input.kind, detail: input.detail, teachBack: input.teachBack ?? false });
    return { interventionId: id, kind: input.kind, problemId };
  });
}

export function reconcileMedication(ctx: ServiceContext, actor: Actor, encounterId: string, medicationId: string, input: ReconciliationPut): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.reconciliation', version: input.version }, async (q, head, c) => {
    if (!(await medicationOfPatient(q, actor.orgId, head.patientId, medicationId))) {
      throw new ValidationError('Unknown medication', [{ pointer: '/medicationId', message: "not one of this patient's medications" }]);
    }
    const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
    await upsertReconciliation(q, c, encounterId, medicationId, { action: input.action, note: blank(input.note), newSig: blank(input.newSig) });
    return { medicationId, action: input.action };
  });
}

export function logTime(ctx: ServiceContext, actor: Actor, encounterId: string, input: TimeCreate): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.time', version: input.version }, async (q, _head, c) => {
    const id = await insertTimeEntry(q, c, encounterId, input.activity, input.minutes);
    return { timeEntryId: id, activity: input.activity, minutes: input.minutes };
  });
}

// ---- sign, addenda ----

export function signEncounter(ctx: ServiceContext, actor: Actor, encounterId: string, version: number): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...SIGN, action: 'encounter.sign', version }, async (q, head, c) => {
    const issues: FieldIssue[] = (await proposedProblems(q, encounterId)).map((p) => ({
      pointer: `/problems/${p.index}`,
      message: `"${p.title}" is still proposed: accept or dismiss it`,
    }));
    if (head.kind === 'cmr') {
      const enc = (await loadEncounter(q, actor.orgId, encounterId))!;
      if (!enc.deliveryMethod) issues.push({ pointer: '/deliveryMethod', message: 'a CMR records how it was delivered (in person, phone or video)' });
      if (!enc.recipient) issues.push({ pointer: '/recipient', message: 'a CMR records who received it (patient, caregiver or prescriber)' });
    }
    // The reconciliation is written to the chart in this transaction (review-writeback.ts): check it can be first.
    const review: Review = { encounterId, patientId: head.patientId, orgId: c.orgId, userId: c.userId, now: c.now, reviewDate: head.createdOn, today: isoDay(c.now) };
    const entries = await entriesAgainstChart(q, c.orgId, encounterId);
    issues.push(...writeBackIssues(entries, review));
    if (issues.length > 0) {
      const undecided = issues.filter((i) => i.pointer.startsWith('/problems/')).length;
      const reconciliation = issues.some((i) => i.pointer.startsWith('/reconciliation/'));
      throw new ValidationError(
        undecided > 0
          ? `Decide every problem before signing: ${undecided} still proposed`
          : reconciliation ? 'Complete the medication reconciliation before signing' : 'Complete the encounter before signing',
        issues,
      );
    }
    await markSigned(q, c, encounterId);
    const chart = await applyWriteBack(ctx, q, actor, entries, review);
    return { kind: head.kind, chart };
  });
}

export function addAddendum(ctx: ServiceContext, actor: Actor, encounterId: string, text: string): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.addendum', version: undefined, when: 'signed' }, async (q, _head, c) => {
    const id = await insertAddendum(q, c, encounterId, text.trim());
    return { addendumId: id, length: text.trim().length };
  });
}

// ---- takeaway ----

export function recordTakeawaySent(ctx: ServiceContext, actor: Actor, encounterId: string, input: TakeawaySent): Promise<EncounterRow> {
  return change(ctx, actor, encounterId, { ...WRITE, action: 'encounter.takeaway-sent', version: input.version, when: 'any' }, async (q, head, c) => {
    if (head.kind === 'cmr' && head.status !== 'signed') throw new ConflictError('Sign the CMR before recording that its takeaway was sent');
    if (head.takeawaySentAt) throw new ConflictError(`The takeaway was already recorded as sent on ${head.takeawaySentAt}`);
    const today = isoDay(c.now);
    if (input.sentOn > today) throw new ValidationError('Date in the future', [{ pointer: '/sentOn', message: `must not be after today (${today})` }]);
    if (input.sentOn < head.createdOn) {
      throw new ValidationError('Sent before the encounter', [{ pointer: '/sentOn', message: `must not be before the encounter date (${head.createdOn})` }]);
    }
    await markTakeawaySent(q, actor.orgId, encounterId, input.method, input.sentOn);
    return { method: input.method, sentOn: input.sentOn };
  });
}
