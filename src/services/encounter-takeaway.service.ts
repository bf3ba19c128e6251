// The CMS takeaway (cover letter, Medication Action Plan, Personal Medication List) produced from a review: the
// accepted problems on the action plan and the medication list as reconciled in the review.
import type { Encounter } from '../domain/encounters.ts';
import type { Actor } from '../domain/roles.ts';
import type { DtpCategory, DtpFinding, DtpGroup, PatientSnapshot } from '../domain/screening.ts';
import type { Lang } from '../documents/strings.ts';
import { buildTakeaway, type MedicationDetails } from '../documents/takeaway-model.ts';
import { renderTakeawayHtml } from '../documents/takeaway-html.ts';
import { renderTakeawayPdf } from '../documents/takeaway-pdf.ts';
import { loadEncounter, organizationName } from '../store/encounters.repository.ts';
import { loadChart, type ChartRows } from '../store/patients.repository.ts';
import { audit } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { READ, RESOURCE, requireEncounter } from './encounter-access.ts';
import { chartToSnapshot } from './chart-snapshot.ts';

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

/**
 * The chart's medications as reconciled in the review: a new sig replaces the old, and those stopped at the review
 * are stopped on its date (before signing the chart does not say so yet; after signing it already does, and a
 * medication the chart had stopped by itself keeps its own date).
 */
function reconciledSnapshot(snapshot: PatientSnapshot, enc: Encounter, reviewDate: string): PatientSnapshot {
  const byMed = new Map(enc.reconciliation.map((r) => [r.medicationId, r]));
  return {
    ...snapshot,
    medications: snapshot.medications.map((m) => {
      const r = byMed.get(m.id);
      if (!r) return m;
      if (r.action === 'stopped') return m.status === 'stopped' ? m : { ...m, status: 'stopped' as const, stopDate: reviewDate };
      return r.newSig ? { ...m, sig: r.newSig } : m;
    }),
  };
}

/** Indication, prescriber and why stopped per medication (the review's reason until the chart records one). */
function medicationDetails(rows: ChartRows, enc: Encounter): Record<string, MedicationDetails> {
  const reasons = new Map(enc.reconciliation.filter((r) => r.action === 'stopped' && r.note).map((r) => [r.medicationId, r.note!]));
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: Record<string, MedicationDetails> = {};
  for (const m of rows.medications) {
    const id = String(m['id']);
    const indication = text(m['indication']);
    const pr = m['prescriber'];
    const prescriber = typeof pr === 'object' && pr !== null ? text((pr as { name?: unknown }).name) : undefined;
    const stopReason = (m['status'] === 'stopped' ? text(m['stopReason']) : undefined) ?? reasons.get(id);
    out[id] = { ...(indication ? { indication } : {}), ...(prescriber ? { prescriber } : {}), ...(stopReason ? { stopReason } : {}) };
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
    snapshot: reconciledSnapshot(chartToSnapshot(head.patientId, rows), enc, head.createdOn),
    findings,
    asOf: today,
    serviceDate: head.createdOn,
    lang,
    patient: { name: [str('firstName'), str('lastName')].filter(Boolean).join(' '), addressLines: [str('addressLine'), cityLine].filter((l): l is string => !!l) },
    medicationDetails: medicationDetails(rows, enc),
    stoppedToList: enc.reconciliation.filter((r) => r.action === 'stopped').map((r) => r.medicationId),
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
