// Targeting for programs other than Part D (Medicaid, commercial, employer, a clinic's high-risk panel; PRODUCT.md
// C4, issue 5 item 1): the program's criteria (domain/worklists.ts panelCriteriaSchema) against what is known of a
// patient on a day. Pure: facts + criteria + asOf in, the decision with every criterion's reason out. A criterion the
// record cannot answer (no A1c on file, adherence not computable) is "could not assess", never "not met": a program
// that requires it then cannot say the patient qualifies, and says what is missing.
import type { PanelCriteria } from '../../domain/worklists.ts';

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
  /** Adherence measures (PDC-DR/RASA/STA) the patient is in this year, with PDC; null when they could not be computed. */
  adherence: readonly { measure: string; pdc: number }[] | null;
  /** Day of the most recent inpatient discharge on or before the day; undefined when none. */
  lastDischarge: number | undefined;
};

/** How recent an A1c must be to count: older than this is "could not assess" (a year, as monitoring rules use). */
export const A1C_MAX_AGE_DAYS = 365;

type Criterion = Exclude<keyof PanelCriteria, 'match'>;

export type CriterionOutcome = { criterion: Criterion; status: 'met' | 'not-met' | 'could-not-assess'; detail: string };

export type PanelDecision = {
  /** 'could-not-assess' when the criteria can be neither met nor ruled out from the record. */
  qualifies: boolean | 'could-not-assess';
  outcomes: CriterionOutcome[];
};

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

function outcomes(c: PanelCriteria, f: PanelFacts, asOf: number): CriterionOutcome[] {
  const out: CriterionOutcome[] = [];
  const add = (criterion: Criterion, status: CriterionOutcome['status'], detail: string) => out.push({ criterion, status, detail });
  if (c.minMedications !== undefined) {
    add('minMedications', f.activeMedications >= c.minMedications ? 'met' : 'not-met', `${f.activeMedications} active medications (needs ${c.minMedications})`);
  }
  if (c.minChronicConditions !== undefined) {
    const n = f.chronicConditionGroups.length;
    const which = n ? `: ${f.chronicConditionGroups.join(', ')}` : '';
    add('minChronicConditions', n >= c.minChronicConditions ? 'met' : 'not-met', `${n} chronic conditions${which} (needs ${c.minChronicConditions})`);
  }
  if (c.highRiskDrugClasses !== undefined) {
    const found = c.highRiskDrugClasses.filter((k) => f.drugClasses.has(k));
    add('highRiskDrugClasses', found.length ? 'met' : 'not-met', found.length ? `takes ${found.join(', ')}` : `takes none of ${c.highRiskDrugClasses.join(', ')}`);
  }
  if (c.a1cAbove !== undefined) {
    const a = f.latestA1c;
    if (!a || asOf - a.day > A1C_MAX_AGE_DAYS) add('a1cAbove', 'could-not-assess', `no A1c in the last ${A1C_MAX_AGE_DAYS} days (needs one above ${c.a1cAbove}%)`);
    else add('a1cAbove', a.value > c.a1cAbove ? 'met' : 'not-met', `latest A1c ${a.value}% (above ${c.a1cAbove}% needed)`);
  }
  if (c.pdcBelow !== undefined) {
    if (f.adherence === null) add('pdcBelow', 'could-not-assess', 'adherence could not be computed from the fills on record');
    else {
      const low = f.adherence.filter((m) => m.pdc < c.pdcBelow!);
      const detail = low.length
        ? low.map((m) => `${m.measure} ${pct(m.pdc)}`).join(', ')
        : f.adherence.length ? `every adherence measure at or above ${pct(c.pdcBelow)}` : 'in no adherence measure this year';
      add('pdcBelow', low.length ? 'met' : 'not-met', detail);
    }
  }
  if (c.recentDischargeDays !== undefined) {
    const d = f.lastDischarge;
    const recent = d !== undefined && asOf - d <= c.recentDischargeDays;
    add('recentDischargeDays', recent ? 'met' : 'not-met', d === undefined ? 'no inpatient discharge on record' : `discharged ${asOf - d} days ago (within ${c.recentDischargeDays} needed)`);
  }
  return out;
}

/** `match` all (default): every criterion met; any: one is enough. A program with no criteria takes everyone. */
export function evaluatePanel(criteria: PanelCriteria, facts: PanelFacts, asOf: number): PanelDecision {
  const match = criteria.match ?? 'all';
  const list = outcomes(criteria, facts, asOf);
  const met = list.filter((o) => o.status === 'met').length;
  const unknown = list.filter((o) => o.status === 'could-not-assess').length;
  const notMet = list.length - met - unknown;
  let qualifies: PanelDecision['qualifies'];
  if (list.length === 0) qualifies = true;
  else if (match === 'any') qualifies = met > 0 ? true : unknown > 0 ? 'could-not-assess' : false;
  else qualifies = notMet > 0 ? false : unknown > 0 ? 'could-not-assess' : true;
  return { qualifies, outcomes: list };
}
