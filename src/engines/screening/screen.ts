// Screening: (patient snapshot, asOf, knowledge) → ranked, deduplicated drug therapy problems. Pure.
// A rule that throws is reported in `errors` with its id and the patient id; the other rules still run.
import type { DtpFinding, PatientSnapshot, RuleError, ScreeningResult } from '../../domain/screening.ts';
import type { Knowledge } from '../../knowledge/screening/index.ts';
import { buildContext } from './context.ts';
import { rulesFor } from './rules/index.ts';
import type { Rule } from './finding.ts';
import { mayMatch } from './select.ts';

const SEVERITY_RANK = { high: 0, moderate: 1, low: 2 } as const;

/** Problems before could-not-assess, then severity, then rule family order (safety first), then rule id. */
export function rank(findings: DtpFinding[], familyOrder: ReadonlyMap<string, number>): DtpFinding[] {
  return findings.sort((a, b) =>
    (a.status === b.status ? 0 : a.status === 'problem' ? -1 : 1) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (familyOrder.get(a.family) ?? 99) - (familyOrder.get(b.family) ?? 99) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.drugs.join('/') < b.drugs.join('/') ? -1 : 1));
}

/** One finding per rule and set of drugs (warfarin + ibuprofen once, however many products carry them). */
export function dedupe(findings: DtpFinding[]): DtpFinding[] {
  const best = new Map<string, DtpFinding>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.drugs.join('/')}|${f.status}`;
    const prev = best.get(key);
    if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev.severity]) {
      if (prev) f.evidence.medications = mergeById(prev.evidence.medications, f.evidence.medications);
      best.set(key, f);
    } else {
      prev.evidence.medications = mergeById(prev.evidence.medications, f.evidence.medications);
    }
  }
  // a problem supersedes a could-not-assess of the same rule and drugs
  const kept = [...best.values()].filter((f) => f.status === 'problem' || !best.has(`${f.ruleId}|${f.drugs.join('/')}|problem`));
  // a three-drug interaction (NSAID + ACE inhibitor + diuretic) covers the two-drug ones among the same drugs
  const triples = kept.filter((f) => f.family === 'drug-interaction' && f.status === 'problem' && f.drugs.length >= 3);
  return kept.filter((f) => f.family !== 'drug-interaction' || f.drugs.length >= 3 || !triples.some((t) => f.drugs.every((d) => t.drugs.includes(d))));
}

function mergeById<T extends { id: string }>(a: T[], b: T[]): T[] {
  const out = [...a];
  for (const x of b) if (!out.some((y) => y.id === x.id)) out.push(x);
  return out;
}

const familyOrders = new WeakMap<Knowledge, Map<string, number>>();

/** `rules` defaults to every enabled rule of the knowledge base; tests pass their own. */
export function screenPatient(snapshot: PatientSnapshot, asOf: string, knowledge: Knowledge, rules: readonly Rule[] = rulesFor(knowledge)): ScreeningResult {
  const ctx = buildContext(snapshot, asOf, knowledge);
  let order = familyOrders.get(knowledge);
  if (!order) {
    order = new Map();
    for (const r of rules) if (!order.has(r.family)) order.set(r.family, order.size);
    familyOrders.set(knowledge, order);
  }
  const findings: DtpFinding[] = [];
  const errors: RuleError[] = [];
  for (const rule of rules) {
    if (rule.trigger && !mayMatch(rule.trigger, ctx.meds)) continue;
    try {
      for (const f of rule.evaluate(ctx)) findings.push(f);
    } catch (e) {
      errors.push({ ruleId: rule.id, patientId: snapshot.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { patientId: snapshot.id, asOf, findings: rank(dedupe(findings), order), errors };
}
