// Targeting for programs other than Part D (Medicaid, commercial, employer, a clinic's high-risk panel; PRODUCT.md
// C4, issue 5 item 1): the program's criteria (domain/worklists.ts panelCriteriaSchema) against what is known of a
// patient on a day. Pure: facts + criteria + asOf in, the decision with every criterion's reason out. A criterion the
// record cannot answer (no A1c on file, adherence not computable, a screening rule that failed, fills without a cost)
// is "could not assess", never "not met": a program that requires it then cannot say the patient qualifies, and says
// what is missing.
import type { Severity } from '../../domain/screening.ts';
import type { DtpSeverityLevel, PanelCriteria } from '../../domain/worklists.ts';

/** What the record says about a patient on the day evaluated; built by the service from the chart. */
export type PanelFacts = {
  /** Medications active on the day (prescription, OTC, herbal, supplement). */
  activeMedications: number;
  /** Drug classes of the active medications (the screening knowledge base's vocabulary). */
  drugClasses: ReadonlySet<string>;
  /** Distinct chronic condition groups active on the day (the CMS core chronic disease groups). */
  chronicConditionGroups: readonly string[];
  /** Most recent hemoglobin A1c (%) on or before the day; undefined when none is on record. */
  latestA1c: { value: number; day: number } | undefined;
  /**
   * Adherence measures (PDC-DR/RASA/STA) the patient is in this year, with PDC; null when they could not be computed.
   * `soFar`: the PDC over the part of the measurement period up to the day evaluated (the period is still running),
   * rather than the measure's PDC over the whole period.
   */
  adherence: readonly { measure: string; pdc: number; soFar?: boolean }[] | null;
  /** Day of the most recent inpatient discharge on or before the day; undefined when none. */
  lastDischarge: number | undefined;
  /** The screening engine's drug therapy problems on the day; null when the screen could not run for the patient. */
  dtps: DtpFacts | null;
  /** Gross drug cost of the paid fills in the COST_WINDOW_DAYS up to the day. */
  drugCost: DrugCostFacts;
};

export type DtpFacts = {
  /** Findings with status "problem" only: a "could not assess" finding is a gap in the record, not a problem. */
  problems: readonly { title: string; severity: Severity }[];
  /** Rules that threw for this patient: what they would have found is unknown. */
  failedRules: readonly string[];
};

export type DrugCostFacts = {
  /** Sum of the costs on record, US dollars. */
  known: number;
  /** Paid fills in the window, with or without a cost. */
  fills: number;
  /** Of those, fills that carry no cost: their cost is unknown, not zero. */
  withoutCost: number;
};

/** The annual cost criterion looks back this many days, the as-of day included (a year, not the calendar year). */
export const COST_WINDOW_DAYS = 365;

/** How recent an A1c must be to count: older than this is "could not assess" (a year, as monitoring rules use). */
export const A1C_MAX_AGE_DAYS = 365;

type Criterion = Exclude<keyof PanelCriteria, 'match'>;

export type CriterionOutcome = { criterion: Criterion; status: 'met' | 'not-met' | 'could-not-assess'; detail: string };

export type PanelDecision = {
  /** 'could-not-assess' when the criteria can be neither met nor ruled out from the record. */
  qualifies: boolean | 'could-not-assess';
  outcomes: CriterionOutcome[];
};

const SEVERITY_RANK: Record<Severity, number> = { high: 0, moderate: 1, low: 2 };
const LEVEL_TEXT: Record<DtpSeverityLevel, string> = { high: 'of high severity', moderate: 'of moderate severity or higher' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "$1,734.20"; whole thresholds as "$1,500". Grouped by hand so the text does not depend on the runtime's locales. */
function usd(x: number, cents = true): string {
  const a = Math.abs(x);
  const s = cents || !Number.isInteger(a) ? a.toFixed(2) : String(a);
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s : s.slice(0, dot);
  let grouped = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i];
  }
  return `${x < 0 ? '-' : ''}$${grouped}${dot < 0 ? '' : s.slice(dot)}`;
}

function pct(x: number): string {
  return `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
}

// Plain loops and module-level helpers, no closures: a run calls this once per patient, and under tsx every function
// created per call is wrapped, which costs more than the evaluation itself.
function add(out: CriterionOutcome[], criterion: Criterion, status: CriterionOutcome['status'], detail: string): void {
  out.push({ criterion, status, detail });
}

/**
 * A problem of the level or higher decides it (met), whatever failed elsewhere; with none, a rule that failed might
 * have found one, so the answer is unknown rather than "not met".
 */
function dtpOutcome(out: CriterionOutcome[], level: DtpSeverityLevel, dtps: DtpFacts | null): void {
  if (dtps === null) {
    add(out, 'dtpSeverityAtLeast', 'could-not-assess', `drug therapy problems could not be screened (needs one ${LEVEL_TEXT[level]})`);
    return;
  }
  const titles: string[] = [];
  for (const p of dtps.problems) {
    if (SEVERITY_RANK[p.severity] > SEVERITY_RANK[level]) continue;
    const title = level === 'high' ? p.title : `${p.title} (${p.severity})`;
    if (!titles.includes(title)) titles.push(title);
  }
  if (titles.length) add(out, 'dtpSeverityAtLeast', 'met', `${plural(titles.length, 'drug therapy problem')} ${LEVEL_TEXT[level]}: ${titles.join('; ')}`);
  else if (dtps.failedRules.length) {
    const n = dtps.failedRules.length;
    add(out, 'dtpSeverityAtLeast', 'could-not-assess', `no drug therapy problem ${LEVEL_TEXT[level]} found, but ${plural(n, 'screening rule')} failed for the patient: ${dtps.failedRules.join(', ')}`);
  } else add(out, 'dtpSeverityAtLeast', 'not-met', `no drug therapy problem ${LEVEL_TEXT[level]}`);
}

/**
 * A fill without a cost may have cost anything: the known sum at or over the threshold is met regardless, below it the
 * answer is unknown while any fill lacks a cost.
 */
function costOutcome(out: CriterionOutcome[], threshold: number, cost: DrugCostFacts): void {
  const needed = `(at least ${usd(threshold, false)} needed)`;
  const inWindow = `in the last ${COST_WINDOW_DAYS} days`;
  if (cost.fills === 0) {
    add(out, 'minAnnualCost', 'not-met', `no paid fills ${inWindow} ${needed}`);
    return;
  }
  const priced = cost.fills - cost.withoutCost;
  const missing = cost.withoutCost ? `; ${cost.withoutCost} of ${plural(cost.fills, 'fill')} ${cost.withoutCost === 1 ? 'has' : 'have'} no cost` : '';
  if (cost.known >= threshold) add(out, 'minAnnualCost', 'met', `${usd(cost.known)} drug cost ${inWindow} from ${plural(priced, 'fill')}${missing} ${needed}`);
  else if (cost.withoutCost) add(out, 'minAnnualCost', 'could-not-assess', `${usd(cost.known)} known drug cost ${inWindow}${missing} ${needed}`);
  else add(out, 'minAnnualCost', 'not-met', `${usd(cost.known)} drug cost ${inWindow} from ${plural(cost.fills, 'fill')} ${needed}`);
}

function outcomes(c: PanelCriteria, f: PanelFacts, asOf: number): CriterionOutcome[] {
  const out: CriterionOutcome[] = [];
  if (c.minMedications !== undefined) {
    add(out, 'minMedications', f.activeMedications >= c.minMedications ? 'met' : 'not-met', `${f.activeMedications} active medications (needs ${c.minMedications})`);
  }
  if (c.minChronicConditions !== undefined) {
    const n = f.chronicConditionGroups.length;
    const which = n ? `: ${f.chronicConditionGroups.join(', ')}` : '';
    add(out, 'minChronicConditions', n >= c.minChronicConditions ? 'met' : 'not-met', `${n} chronic conditions${which} (needs ${c.minChronicConditions})`);
  }
  if (c.highRiskDrugClasses !== undefined) {
    const found: string[] = [];
    for (const k of c.highRiskDrugClasses) if (f.drugClasses.has(k)) found.push(k);
    add(out, 'highRiskDrugClasses', found.length ? 'met' : 'not-met', found.length ? `takes ${found.join(', ')}` : `takes none of ${c.highRiskDrugClasses.join(', ')}`);
  }
  if (c.a1cAbove !== undefined) {
    const a = f.latestA1c;
    if (!a || asOf - a.day > A1C_MAX_AGE_DAYS) add(out, 'a1cAbove', 'could-not-assess', `no A1c in the last ${A1C_MAX_AGE_DAYS} days (needs one above ${c.a1cAbove}%)`);
    else add(out, 'a1cAbove', a.value > c.a1cAbove ? 'met' : 'not-met', `latest A1c ${a.value}% (above ${c.a1cAbove}% needed)`);
  }
  if (c.pdcBelow !== undefined) {
    if (f.adherence === null) add(out, 'pdcBelow', 'could-not-assess', 'adherence could not be computed from the fills on record');
    else {
      const low: string[] = [];
      for (const m of f.adherence) if (m.pdc < c.pdcBelow) low.push(`${m.measure} ${pct(m.pdc)}${m.soFar ? ' so far this year' : ''}`);
      const detail = low.length
        ? low.join(', ')
        : f.adherence.length ? `every adherence measure at or above ${pct(c.pdcBelow)}` : 'in no adherence measure this year';
      add(out, 'pdcBelow', low.length ? 'met' : 'not-met', detail);
    }
  }
  if (c.recentDischargeDays !== undefined) {
    const d = f.lastDischarge;
    const recent = d !== undefined && asOf - d <= c.recentDischargeDays;
    add(out, 'recentDischargeDays', recent ? 'met' : 'not-met', d === undefined ? 'no inpatient discharge on record' : `discharged ${asOf - d} days ago (within ${c.recentDischargeDays} needed)`);
  }
  if (c.dtpSeverityAtLeast !== undefined) dtpOutcome(out, c.dtpSeverityAtLeast, f.dtps);
  if (c.minAnnualCost !== undefined) costOutcome(out, c.minAnnualCost, f.drugCost);
  return out;
}

/** `match` all (default): every criterion met; any: one is enough. A program with no criteria takes everyone. */
export function evaluatePanel(criteria: PanelCriteria, facts: PanelFacts, asOf: number): PanelDecision {
  const match = criteria.match ?? 'all';
  const list = outcomes(criteria, facts, asOf);
  let met = 0;
  let unknown = 0;
  for (const o of list) {
    if (o.status === 'met') met++;
    else if (o.status === 'could-not-assess') unknown++;
  }
  const notMet = list.length - met - unknown;
  let qualifies: PanelDecision['qualifies'];
  if (list.length === 0) qualifies = true;
  else if (match === 'any') qualifies = met > 0 ? true : unknown > 0 ? 'could-not-assess' : false;
  else qualifies = notMet > 0 ? false : unknown > 0 ? 'could-not-assess' : true;
  return { qualifies, outcomes: list };
}
