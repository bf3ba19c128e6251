// Targeted-intervention items for the work queue (PRODUCT.md C4; issue 5): adherence rescue from the measure
// engine's refill deadlines and high-severity drug therapy problems from the screening engine. Pure: one patient's
// measure report and screening result + asOf in, the items that should be in the queue out, plus a sentence per
// subject saying how things stand now (used to close an item whose reason no longer holds).
//
// An item is identified by its topic, "<subject>@<instance>": the subject is what it is about (a measure, or "dtp"),
// the instance pins down the exact reason (the last refill day; the set of problems). Generation never recreates a
// topic that already has an item, which makes re-running it idempotent, and keeps at most one active item per subject.
import { isoDay, toDay } from '../../domain/days.ts';
import type { DtpFinding, RuleError } from '../../domain/screening.ts';
import type { PriorityFactor, WorkItemStatus } from '../../domain/worklists.ts';
import type { MeasureReportItem } from '../adherence/report.ts';

export type InterventionKind = 'adherence' | 'dtp';

/** The PQA adherence measures a single refill can rescue. */
export const RESCUE_MEASURES = { 'PDC-DR': 'diabetes medications', 'PDC-RASA': 'RAS antagonists', 'PDC-STA': 'statins' } as const;
type RescueMeasure = keyof typeof RESCUE_MEASURES;
/**
 * A rescue item enters the queue when its last refill day is this close. Mid-year almost every member's PDC is
 * still below 80% "if never refilled again", with a deadline months away; listing them all would bury the members
 * who are actually running out of time (the same lead the recurring CMR/TMR items use).
 */
export const RESCUE_LEAD_DAYS = 30;
/** A high-severity problem should be looked at within a week of being found. */
export const DTP_DUE_DAYS = 7;
export const DTP_SUBJECT = 'dtp';

export type InterventionItem = {
  kind: InterventionKind;
  /** "<subject>@<instance>", e.g. "PDC-STA@2026-12-10". */
  topic: string;
  dueDate: string;
  reason: string;
  /** Priority points earned by the reason itself (the queue adds due-date, medication, drug-class and age points). */
  factors: PriorityFactor[];
};

export type InterventionAssessment = {
  items: InterventionItem[];
  /**
   * For every subject whose state is known, how it stands now, as a sentence ("PDC-STA is 84.0%, at or above 80%").
   * A subject missing here could not be (fully) assessed (no report, or a rule failed): its items are never closed.
   */
  now: Map<string, string>;
};

/** A percentage with one decimal, rounded down, so 79.96% never reads as "80.0%, below 80%". */
export const fmtPct = (p: number) => `${(Math.floor(p * 1000 + 1e-9) / 10).toFixed(1)}%`;

export const subjectOf = (topic: string) => topic.slice(0, topic.indexOf('@') < 0 ? topic.length : topic.indexOf('@'));

function adherence(report: readonly MeasureReportItem[], asOf: string, threshold: number, out: InterventionAssessment) {
  const limit = toDay(asOf) + RESCUE_LEAD_DAYS;
  const goal = fmtPct(threshold);
  for (const r of report) {
    if (!(r.measure in RESCUE_MEASURES)) continue;
    const m = r.measure as RescueMeasure;
    if (!r.inDenominator || r.pdc === null) {
      out.now.set(m, `${m} does not apply to this patient this year (${r.reason})`);
      continue;
    }
    const pdc = fmtPct(r.pdc);
    if (r.numerator === 1 || r.refill?.status === 'already-adherent') {
      out.now.set(m, `${m} is ${pdc}, at or above ${goal}`);
    } else if (r.refill === null) {
      out.now.set(m, `the measurement period of ${m} is not running on ${asOf}`);
    } else if (r.refill.status === 'cannot-reach') {
      out.now.set(m, `${m} (${pdc}) can no longer reach ${goal} this year with one refill (best ${fmtPct(r.refill.bestPdc)})`);
    } else {
      const by = isoDay(r.refill.lastDay);
      out.now.set(m, `the last day to refill for ${m} (${pdc}) is ${by}`);
      if (r.refill.lastDay > limit) continue;
      const drugs = [...new Set(r.fills.map((f) => f.drug))].sort();
      out.items.push({
        kind: 'adherence',
        topic: `${m}@${by}`,
        dueDate: by,
        reason: `Adherence rescue: ${m} (${RESCUE_MEASURES[m]}) is ${pdc} this year, below ${goal}; one refill${drugs.length ? ` of ${drugs.join(' or ')}` : ''} by ${by} still brings it to ${goal}`,
        factors: [{ factor: `adherence rescue: ${m} at ${pdc}, below ${goal}`, points: 15 }],
      });
    }
  }
}

function dtps(findings: readonly DtpFinding[], errors: readonly RuleError[], asOf: string, out: InterventionAssessment) {
  const high = findings.filter((f) => f.status === 'problem' && f.severity === 'high');
  // A rule that failed might flag a problem an earlier item lists: the state is then only partly known, so the
  // problems found still make an item but nothing is closed on the strength of this screen.
  const complete = errors.length === 0;
  if (high.length === 0) {
    if (complete) out.now.set(DTP_SUBJECT, 'no high-severity drug therapy problem is flagged');
    return;
  }
  const keyed = high.map((f) => ({ f, key: `${f.ruleId}${f.drugs.length ? `:${f.drugs.join('+')}` : ''}` })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const listed = keyed.map(({ f }) => `${f.title}${f.drugs.length ? ` (${f.drugs.join(', ')})` : ''}`);
  if (complete) out.now.set(DTP_SUBJECT, `the high-severity problems flagged now are: ${listed.join('; ')}`);
  out.items.push({
    kind: 'dtp',
    topic: `${DTP_SUBJECT}@${keyed.map((k) => k.key).join(';')}`,
    dueDate: isoDay(toDay(asOf) + DTP_DUE_DAYS),
    reason: `High-severity drug therapy problem${high.length === 1 ? '' : `s (${high.length})`}: ${listed.join('; ')}`,
    factors: [{ factor: `${high.length} high-severity drug therapy problem${high.length === 1 ? '' : 's'}`, points: Math.min(25, 15 + 5 * (high.length - 1)) }],
  });
}

/**
 * The intervention items one patient should have on `asOf`. `measures` is the adherence engine's report for the
 * year of asOf and `screening` the screening engine's result; null when they could not be produced (nothing is
 * then known about those subjects).
 */
export function assessInterventions(
  input: {
    measures: readonly MeasureReportItem[] | null;
    screening: { findings: readonly DtpFinding[]; errors: readonly RuleError[] } | null;
    adherenceThreshold: number;
  },
  asOf: string,
): InterventionAssessment {
  const out: InterventionAssessment = { items: [], now: new Map() };
  if (input.measures) adherence(input.measures, asOf, input.adherenceThreshold, out);
  if (input.screening) dtps(input.screening.findings, input.screening.errors, asOf, out);
  return out;
}

/** An intervention item already in the database for the patient. */
export type ExistingIntervention = {
  id: string;
  topic: string;
  status: WorkItemStatus;
  /** Someone has worked on it: claimed, an outreach attempt logged, or an appointment booked. */
  started: boolean;
};

const ACTIVE: readonly WorkItemStatus[] = ['open', 'claimed'];

/**
 * What to add and what to close for one patient. A desired topic that already has an item (other than one closed
 * as no longer needed) is not added again; nor is anything added for a subject whose active item someone is working
 * on (they see the patient's current state when they do). An active item whose topic is no longer desired, that
 * nobody has started and whose subject's state is known, is closed as no longer needed with the reason recorded;
 * when the state is not known it stays.
 */
export function reconcileInterventions(
  assessment: InterventionAssessment,
  existing: readonly ExistingIntervention[],
  asOf: string,
): { create: InterventionItem[]; close: { id: string; reason: string }[] } {
  const known = new Set(existing.filter((e) => e.status !== 'not-needed').map((e) => e.topic));
  const desired = new Set(assessment.items.map((i) => i.topic));
  const close: { id: string; reason: string }[] = [];
  const busy = new Set<string>();
  for (const e of existing) {
    if (!ACTIVE.includes(e.status) || desired.has(e.topic)) continue;
    const subject = subjectOf(e.topic);
    const now = assessment.now.get(subject);
    if (e.started) busy.add(subject);
    else if (now !== undefined) close.push({ id: e.id, reason: `No longer needed on ${asOf}: ${now}` });
  }
  const create = assessment.items.filter((i) => !known.has(i.topic) && !busy.has(subjectOf(i.topic)));
  return { create, close };
}
