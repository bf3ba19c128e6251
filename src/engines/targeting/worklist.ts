// When MTM services fall due and how urgent each is (PRODUCT.md §5.2). Pure: history + asOf in, items out.
// CMR: new enrollees within 60 days of enrollment, then annually after the last completed CMR. TMR: at least
// quarterly, three months after the last completed CMR or TMR (or enrollment). A cycle whose item was closed
// without being done (declined, unable to reach) moves the next one a full interval on from that item's due date.
// Priority is a sum of named points so a user can see why an item sits where it does.
import { ageOn, isoDay, toDay } from '../../domain/days.ts';
import type { PriorityFactor, WorkItemKind } from '../../domain/worklists.ts';
import type { Knowledge } from '../../knowledge/screening/index.ts';
import { resolveMedication } from '../screening/resolve.ts';

export const INITIAL_CMR_DAYS = 60;
export const CMR_INTERVAL_MONTHS = 12;
export const TMR_INTERVAL_MONTHS = 3;
/** Recurring items enter the queue this many days before they fall due (a new enrollee's CMR enters at once). */
export const LEAD_DAYS = 30;
/** A post-discharge review is due this many days after discharge; discharges this recent are looked at. */
export const POST_DISCHARGE_DUE_DAYS = 7;
export const POST_DISCHARGE_LOOKBACK_DAYS = 30;

/** What already happened for one kind of service in one enrollment. */
export type KindHistory = {
  /** Latest completion date of a done item. */
  lastDoneOn: string | null;
  /** Latest due date of an item closed without being done (declined, unable to reach). */
  lastClosedDue: string | null;
  /** An open or claimed item exists. */
  active: boolean;
};

export const NO_HISTORY: KindHistory = { lastDoneOn: null, lastClosedDue: null, active: false };

export type DueItem = { kind: WorkItemKind; dueDate: string; reason: string; initial: boolean };

/** Adds calendar months, keeping the day of month where it exists (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoDay(toDay(iso) + days);
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** The next CMR of an enrollment, or undefined when one is already active or it is not yet near due. */
export function nextCmr(enrolledOn: string, cmr: KindHistory, asOf: string): DueItem | undefined {
  if (cmr.active) return undefined;
  const horizon = addDays(asOf, LEAD_DAYS);
  if (cmr.lastDoneOn !== null && (cmr.lastClosedDue === null || cmr.lastDoneOn >= cmr.lastClosedDue)) {
    const due = addMonths(cmr.lastDoneOn, CMR_INTERVAL_MONTHS);
    return due <= horizon ? { kind: 'cmr', dueDate: due, initial: false, reason: `Annual CMR: last comprehensive review completed ${cmr.lastDoneOn}` } : undefined;
  }
  if (cmr.lastClosedDue !== null) {
    const due = addMonths(cmr.lastClosedDue, CMR_INTERVAL_MONTHS);
    return due <= horizon
      ? { kind: 'cmr', dueDate: due, initial: false, reason: `Annual CMR offer: the CMR due ${cmr.lastClosedDue} was not completed` }
      : undefined;
  }
  const due = addDays(enrolledOn, INITIAL_CMR_DAYS);
  return { kind: 'cmr', dueDate: due, initial: true, reason: `Initial CMR for a new enrollee: enrolled ${enrolledOn}, to be offered within ${INITIAL_CMR_DAYS} days` };
}

/** The next TMR of an enrollment, or undefined when one is already active or it is not yet near due. */
export function nextTmr(enrolledOn: string, cmr: KindHistory, tmr: KindHistory, asOf: string): DueItem | undefined {
  if (tmr.active) return undefined;
  const lastReview = later(cmr.lastDoneOn, tmr.lastDoneOn);
  const anchor = later(later(lastReview, tmr.lastClosedDue), enrolledOn)!;
  const due = addMonths(anchor, TMR_INTERVAL_MONTHS);
  if (due > addDays(asOf, LEAD_DAYS)) return undefined;
  const why =
    anchor === lastReview
      ? `last review completed ${anchor}`
      : anchor === tmr.lastClosedDue
        ? `the TMR due ${anchor} was not completed`
        : `enrolled ${anchor}`;
  return { kind: 'tmr', dueDate: due, initial: false, reason: `Quarterly TMR: ${why}` };
}

/** A post-discharge medication review for a recent inpatient stay, or undefined when the stay is too old. */
export function postDischarge(dischargedOn: string, facility: string | null, asOf: string): DueItem | undefined {
  if (dischargedOn > asOf || toDay(asOf) - toDay(dischargedOn) > POST_DISCHARGE_LOOKBACK_DAYS) return undefined;
  return {
    kind: 'post-discharge',
    dueDate: addDays(dischargedOn, POST_DISCHARGE_DUE_DAYS),
    initial: false,
    reason: `Post-discharge medication review: discharged ${dischargedOn}${facility ? ` from ${facility}` : ''}`,
  };
}

// ---- priority -------------------------------------------------------------------------------------------------

/** Drug classes that make a review more urgent, with their points. */
export const HIGH_RISK_CLASSES = { anticoagulant: 10, opioid: 10, insulin: 10 } as const;
export type HighRiskClass = keyof typeof HIGH_RISK_CLASSES;

export type PriorityMed = { id: string; name: string; rxcui?: string | undefined };

/** The high-risk classes among active medications, with the first ingredient that carries each. */
export function highRiskClassesOf(meds: readonly PriorityMed[], k: Knowledge): Map<HighRiskClass, string> {
  const found = new Map<HighRiskClass, string>();
  for (const med of meds) {
    const r = resolveMedication({ id: med.id, name: med.name, status: 'active', ...(med.rxcui ? { rxcui: med.rxcui } : {}) }, k);
    for (const ing of r.ingredients) {
      for (const cls of Object.keys(HIGH_RISK_CLASSES) as HighRiskClass[]) {
        if (ing.drug?.classSet.has(cls) && !found.has(cls)) found.set(cls, ing.name);
      }
    }
  }
  return found;
}

export type PriorityInput = {
  item: Pick<DueItem, 'kind' | 'dueDate' | 'initial'>;
  asOf: string;
  birthDate: string;
  activeMedications: number;
  highRisk: ReadonlyMap<HighRiskClass, string>;
  /** Points the item's reason itself earns (a targeted intervention's measure or problems). */
  reasonFactors?: readonly PriorityFactor[] | undefined;
};

export const MANY_MEDICATIONS = 8;
export const OLD_AGE = 80;

/** Priority points, each with the fact that earned it; the score is their sum capped at 100. */
export function priorityOf(p: PriorityInput): { priority: number; factors: PriorityFactor[] } {
  const factors: PriorityFactor[] = [];
  const daysLeft = toDay(p.item.dueDate) - toDay(p.asOf);
  if (daysLeft < 0) factors.push({ factor: `overdue by ${-daysLeft} day${daysLeft === -1 ? '' : 's'}`, points: Math.min(30, 10 - daysLeft) });
  else if (daysLeft <= 14) factors.push({ factor: `due in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`, points: 8 });
  if (p.item.kind === 'post-discharge') factors.push({ factor: 'recent hospital discharge', points: 25 });
  if (p.item.initial) factors.push({ factor: 'initial CMR for a new enrollee', points: 10 });
  factors.push(...(p.reasonFactors ?? []));
  if (p.activeMedications >= MANY_MEDICATIONS) {
    factors.push({ factor: `${p.activeMedications} active medications (${MANY_MEDICATIONS} or more)`, points: p.activeMedications >= 12 ? 20 : 15 });
  }
  for (const [cls, drug] of p.highRisk) factors.push({ factor: `high-risk drug class ${cls} (${drug})`, points: HIGH_RISK_CLASSES[cls] });
  const age = ageOn(toDay(p.birthDate), toDay(p.asOf));
  if (age >= OLD_AGE) factors.push({ factor: `age ${age} (${OLD_AGE} or older)`, points: 10 });
  const sum = factors.reduce((s, f) => s + f.points, 0);
  return { priority: Math.min(100, sum), factors };
}
