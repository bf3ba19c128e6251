// MTM encounters (CMR/TMR, issue 6): create from a screened chart, document, decide drug therapy problems, reconcile
// medications, log time, sign (lock), add addenda, produce and record the takeaway. Every change checks the
// permission, the organisation (and care-team) scope, the version the caller last read and the lock, then writes
// and audits in one transaction and moves the version on.
import type { EncounterCreate, EncounterPatch, InterventionCreate, ProblemCreate, ProblemDecision, ReconciliationPut, TakeawaySent, TimeCreate } from '../domain/encounter-inputs.ts';
import type { Encounter, EncounterSummary } from '../domain/encounters.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { can, type Actor, type Permission } from '../domain/roles.ts';
import type { DtpCategory, DtpFinding, DtpGroup, PatientSnapshot } from '../domain/screening.ts';
import type { Lang } from '../documents/strings.ts';
import { buildTakeaway, type MedicationDetails } from '../documents/takeaway-model.ts';
import { renderTakeawayHtml } from '../documents/takeaway-html.ts';
import { renderTakeawayPdf } from '../documents/takeaway-pdf.ts';
import { screenPatient } from '../engines/screening/index.ts';
import type { Queryable } from '../store/db.ts';
import {
  bumpVersion,
  findEncounterHead,
  findProblem,
  insertAddendum,
  insertEncounter,
  insertIntervention,
  insertProblems,
  insertTimeEntry,
  listEncounters,
  loadEncounter,
  lockEncounterHead,
  markSigned,
  markTakeawaySent,
  medicationOfPatient,
  organizationName,
  proposedProblems,
  updateEncounterFields,
  updateProblem,
  upsertReconciliation,
  type EncounterFields,
  type EncounterHead,
  type EncounterRow,
  type NewProblem,
} from '../store/encounters.repository.ts';
import { loadChart, type ChartRows } from '../store/patients.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { chartToSnapshot, knowledgeOf } from './screening.service.ts';

export const STALE_MESSAGE = 'This encounter was changed by someone else; reload';
export const LOCKED_MESSAGE = 'Signed encounters change only by addenda';
const RESOURCE = 'mtm_encounter';

type C = { orgId: string; userId: string; now: Date };

export const READ = { permission: 'patient:read', refusal: 'Your role may not read patient records' } as const;
const WRITE = { permission: 'encounter:write', refusal: 'Only a pharmacist may document MTM encounters' } as const;
const SIGN = { permission: 'encounter:sign', refusal: 'Only a pharmacist may sign an MTM encounter' } as const;

export type Access = { permission: Permission; refusal: string };

/** Permission check after the scope check, so a refusal on an in-scope patient names the patient in the log. */
async function requirePermission(ctx: ServiceContext, actor: Actor, access: Access, action: string, patientId: string, resourceId: string) {
  if (!can(actor.role, access.permission)) {
    await deny(ctx, actor, { action, resourceType: RESOURCE, resourceId, patientId }, access.refusal);
  }
}

/**
 * Resolves an encounter id for `actor` or throws 404: another organisation's encounter, or one whose patient is
 * outside a prescriber's care team, looks exactly like a missing one. The attempt is logged as denied.
 */
export async function requireEncounter(ctx: ServiceContext, actor: Actor, encounterId: string, action: string, access: Access): Promise<EncounterHead> {
  const head = await findEncounterHead(ctx.db, actor.orgId, encounterId);
  if (!head) {
    await audit(ctx, ctx.db, actor, {
      action, resourceType: RESOURCE, resourceId: encounterId, patientId: null, outcome: 'denied', detail: { reason: 'not found in organisation' },
    });
    throw new NotFoundError('Encounter');
  }
  await requirePatientAccess(ctx, ctx.db, actor, head.patientId, action);
  await requirePermission(ctx, actor, access, action, head.patientId, encounterId);
  return head;
}

type ChangeSpec = Access & {
  action: string;
  /** The version the caller last read; undefined for changes that do not take one (addenda). */
  version: number | undefined;
  /** 'open': refused once signed (the default). 'signed': only once signed. 'any': either. */
  when?: 'open' | 'signed' | 'any';
};

/** The shared shape of every encounter change: scope, permission, lock + version check, write, version++, audit. */
async function change(
  ctx: ServiceContext,
  actor: Actor,
  encounterId: string,
  spec: ChangeSpec,
  run: (q: Queryable, head: EncounterHead, c: C) => Promise<Record<string, unknown> | void>,
): Promise<EncounterRow> {
  await requireEncounter(ctx, actor, encounterId, spec.action, spec);
  const now = ctx.clock.now();
  const c: C = { orgId: actor.orgId, userId: actor.userId, now };
  return ctx.db.tx(async (q) => {
    const head = await lockEncounterHead(q, actor.orgId, encounterId);
    if (!head) throw new NotFoundError('Encounter');
    const when = spec.when ?? 'open';
    if (when === 'open' && head.status === 'signed') throw new ConflictError(LOCKED_MESSAGE);
    if (when === 'signed' && head.status !== 'signed') throw new ConflictError('Addenda are for signed encounters; edit this encounter directly');
    if (spec.version !== undefined && spec.version !== head.version) throw new ConflictError(STALE_MESSAGE);
    const detail = await run(q, head, c);
    await bumpVersion(q, actor.orgId, encounterId, now);
    await audit(ctx, q, actor, { action: spec.action, resourceType: RESOURCE, resourceId: encounterId, patientId: head.patientId, detail: detail ?? null });
    return (await loadEncounter(q, actor.orgId, encounterId))!;
  });
}

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
    if (issues.length > 0) {
      const undecided = issues.filter((i) => i.pointer.startsWith('/problems/')).length;
      throw new ValidationError(
        undecided > 0 ? `Decide every problem before signing: ${undecided} still proposed` : 'Complete the encounter before signing',
        issues,
      );
    }
    await markSigned(q, c, encounterId);
    return { kind: head.kind };
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

const GROUP_OF: Record<DtpCategory, DtpGroup> = {
  'unnecessary-therapy': 'indication',
  'needs-additional-therapy': 'indication',
  'ineffective-drug': 'effectiveness',
  'dosage-too-low': 'effectiveness',
  'adverse-drug-reaction': 'safety',
  'dosage-too-high': 'safety',
  'non-adherence': 'adherence',
};

/** An accepted problem in the finding shape the takeaway builder reads (title, drugs, severity, patient text). */
function problemAsFinding(p: Encounter['problems'][number]): DtpFinding {
  return {
    ruleId: p.ruleId ?? `manual.${p.id}`, ruleVersion: 1, family: 'encounter', category: p.category, group: GROUP_OF[p.category],
    severity: p.severity, status: 'problem', title: p.title, summary: p.summary, drugs: p.drugs,
    evidence: { medications: [], conditions: [], observations: [], facts: [] }, missing: [], recommendation: p.recommendation,
    patientText: p.patientText, snomed: { code: '', display: '' }, source: { citation: '', version: '', retrieved: '' },
  };
}

/** The chart's medications as reconciled in the encounter: stopped ones leave the list, a new sig replaces the old. */
function reconciledSnapshot(snapshot: PatientSnapshot, enc: Encounter): PatientSnapshot {
  const byMed = new Map(enc.reconciliation.map((r) => [r.medicationId, r]));
  return {
    ...snapshot,
    medications: snapshot.medications.map((m) => {
      const r = byMed.get(m.id);
      if (!r) return m;
      if (r.action === 'stopped') return { ...m, status: 'stopped' as const };
      return r.newSig ? { ...m, sig: r.newSig } : m;
    }),
  };
}

function medicationDetails(rows: ChartRows): Record<string, MedicationDetails> {
  const out: Record<string, MedicationDetails> = {};
  for (const m of rows.medications) {
    const indication = typeof m['indication'] === 'string' && m['indication'] ? m['indication'] : undefined;
    const pr = m['prescriber'];
    const prescriber = typeof pr === 'object' && pr !== null && typeof (pr as { name?: unknown }).name === 'string' ? (pr as { name: string }).name : undefined;
    out[String(m['id'])] = { ...(indication ? { indication } : {}), ...(prescriber ? { prescriber } : {}) };
  }
  return out;
}

export type TakeawayFile = { body: Uint8Array | string; contentType: string; filename: string; actionItems: number };

export async function encounterTakeaway(ctx: ServiceContext, actor: Actor, encounterId: string, lang: Lang, format: 'pdf' | 'html'): Promise<TakeawayFile> {
  const action = 'encounter.takeaway';
  const head = await requireEncounter(ctx, actor, encounterId, action, READ);
  const enc = (await loadEncounter(ctx.db, actor.orgId, encounterId))!;
  const today = isoDay(ctx.clock.now());
  const rows = await loadChart(ctx.db, actor.orgId, head.patientId, today);
  const p = rows.patient[0] ?? {};
  const str = (k: string) => (typeof p[k] === 'string' && p[k] ? (p[k] as string) : undefined);
  const cityLine = [str('city'), [str('state'), str('postalCode')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const organization = await organizationName(ctx.db, actor.orgId);
  const findings = enc.problems.filter((x) => x.decision === 'accepted' && x.onActionPlan).map(problemAsFinding);
  const model = buildTakeaway({
    snapshot: reconciledSnapshot(chartToSnapshot(head.patientId, rows), enc),
    findings,
    asOf: today,
    serviceDate: head.createdOn,
    lang,
    patient: { name: [str('firstName'), str('lastName')].filter(Boolean).join(' '), addressLines: [str('addressLine'), cityLine].filter((l): l is string => !!l) },
    medicationDetails: medicationDetails(rows),
    provider: { pharmacistName: enc.signedByName ?? enc.createdByName, ...(organization ? { organization } : {}) },
    maxActionItems: Math.max(findings.length, 1),
    final: enc.status === 'signed',
  });
  const body = format === 'pdf' ? await renderTakeawayPdf(model) : renderTakeawayHtml(model);
  await audit(ctx, ctx.db, actor, {
    action, resourceType: RESOURCE, resourceId: encounterId, patientId: head.patientId,
    detail: { lang, format, actionItems: model.actionItemRules.length, medications: model.medicationCount },
  });
  return {
    body,
    contentType: format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    filename: `takeaway-${lang}.${format}`,
    actionItems: model.actionItemRules.length,
  };
}
