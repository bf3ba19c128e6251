// Turns a patient's stored record (store/panel-inputs.repository.ts) into the facts a panel program's criteria are
// decided on (engines/targeting/panel.ts) and evaluates them: the database run's counterpart of target-member.ts
// for programs other than Part D. Pure: the record, the day and the knowledge in, the stored result out.
//
// Each fact comes from the code the rest of OpenMTM already trusts for it, so a panel says what the chart says:
// drug classes from the screening engine's resolver (engines/screening/resolve.ts: product code, ingredient code,
// then the name), chronic conditions as the CMS core chronic disease groups (as Part D targeting counts them),
// adherence from the measure engine with the configured class lists (as measure runs and the chart compute it),
// drug therapy problems from the screening engine with the configured knowledge (as the chart and the work queue
// find them; services/panel-screening.ts), drug cost from the fills' gross cost (as Part D targeting reads it).
import { isoDay, toDay } from '../domain/days.ts';
import type { SnapshotMedication } from '../domain/screening.ts';
import type { PanelCriterionOutcome, PanelDecisionCode } from '../domain/targeting.ts';
import type { PanelCriteria, ProgramKind } from '../domain/worklists.ts';
import { computeCoverage } from '../engines/adherence/coverage.ts';
import { ADHERENCE, classFills, evaluateMember } from '../engines/adherence/measures.ts';
import type { MeasureSettings, Member } from '../engines/adherence/member.ts';
import type { Rule } from '../engines/screening/index.ts';
import { resolveMedication } from '../engines/screening/resolve.ts';
import { evaluatePanel, type PanelFacts } from '../engines/targeting/panel.ts';
import type { ProductClassifier } from '../jobs/product-classifier.ts';
import type { Knowledge } from '../knowledge/screening/index.ts';
import { CORE_DISEASE_GROUPS, coreDiseaseGroupsOf } from '../knowledge/targeting/core-diseases.ts';
import type { PanelInputs } from '../store/panel-inputs.repository.ts';
import type { StoredTargetResult } from '../store/target-runs.repository.ts';
import { memberFromRecord } from './measure-member.ts';
import { screenOnDay } from './panel-screening.ts';

export type PanelProgramKind = Exclude<ProgramKind, 'partd'>;

/**
 * The coverage a program is for: a Medicaid program targets the patients Medicaid covers on the day, a commercial
 * or employer program those with commercial or employer coverage (sources record employer-sponsored plans under
 * either kind), and a clinic's panel every patient of the organisation.
 */
export const PROGRAM_COVERAGE: Record<PanelProgramKind, readonly string[] | null> = {
  medicaid: ['medicaid'],
  commercial: ['commercial', 'employer'],
  employer: ['employer', 'commercial'],
  clinic: null,
};

const KINDS = new Set<string>(['prescription', 'otc', 'herbal', 'supplement']);

/** What a shard's patients are evaluated with; built once per shard. */
export type PanelRun = {
  kind: PanelProgramKind;
  year: number;
  criteria: PanelCriteria;
  asOf: number;
  knowledge: Knowledge;
  /** The configured measure class lists (licensed file, NDC crosswalk); the shipped lists when undefined. */
  classify: ProductClassifier | undefined;
  /** The measure engine's settings for the program year (the chart's and the work queue's: DEFAULT_SETTINGS). */
  measureSettings: MeasureSettings;
  /** The screening rules for the DTP criterion; the knowledge base's enabled rules when undefined (tests pass their own). */
  screeningRules?: readonly Rule[] | undefined;
};

export type PanelFactsResult = {
  facts: PanelFacts;
  /** Active medications the knowledge base cannot resolve to an ingredient: their classes are unknown. */
  unrecognised: string[];
  /** Fills whose product code the measure class lists do not know (left out of adherence). */
  unclassifiedFills: number;
  /** Why adherence could not be computed, when it could not. */
  adherenceError: string | null;
  /** Screening rules that failed for the patient (or why the screen did not run), with their messages. */
  screeningErrors: string[];
};

function drugClassesOf(medications: PanelInputs['medications'], k: Knowledge, classes: Set<string>, unrecognised: string[]): void {
  for (const m of medications) {
    const med: SnapshotMedication = { id: m.id, name: m.display, status: 'active' };
    if (m.rxcui) med.rxcui = m.rxcui;
    if (KINDS.has(m.source)) med.kind = m.source as NonNullable<SnapshotMedication['kind']>;
    const resolved = resolveMedication(med, k);
    if (resolved.resolvedBy === 'none') unrecognised.push(m.display);
    for (const ing of resolved.ingredients) {
      if (ing.drug) for (const c of ing.drug.classSet) classes.add(c);
    }
  }
}

/** Distinct core chronic disease groups of the conditions, in the knowledge file's order (as Part D lists them). */
function chronicGroupsOf(conditions: PanelInputs['conditions'], year: number): string[] {
  const found = new Set<string>();
  for (const c of conditions) {
    for (const g of coreDiseaseGroupsOf(c.code, c.system === 'icd10cm' ? 'icd10' : 'snomed', year)) found.add(g);
  }
  const ordered: string[] = [];
  for (const g of CORE_DISEASE_GROUPS) if (found.has(g.key)) ordered.push(g.key);
  return ordered;
}

type Adherence = NonNullable<PanelFacts['adherence']>[number];

/**
 * The adherence measures the patient is in on the day, from the measure engine. Only PDC-DR/RASA/STA, and only
 * those the patient is in: a measure they are out of (too few fills, hospice, an enrollment gap) says nothing about
 * their adherence. While the measurement period is still running, the measure's own PDC divides the fills so far
 * by the whole period — what the plan would score if the patient never refilled again, below 80% for nearly
 * everyone in the first months — so the PDC used is the engine's coverage over the period so far (the same fills,
 * overlap shifting and inpatient days), which equals the measure's PDC once the period has ended.
 */
function adherenceOf(member: Member, run: Pick<PanelRun, 'asOf' | 'measureSettings'>): Adherence[] {
  const out: Adherence[] = [];
  for (const r of evaluateMember(member, run.measureSettings, run.asOf)) {
    if (!r.inDenominator || r.pdc === null || r.periodStart === null || r.periodEnd === null || !Object.hasOwn(ADHERENCE, r.measure)) continue;
    if (run.asOf >= r.periodEnd) {
      out.push({ measure: r.measure, pdc: r.pdc });
      continue;
    }
    const period = { start: r.periodStart, end: run.asOf };
    const fills = classFills(member.fills, ADHERENCE[r.measure as keyof typeof ADHERENCE].cls, period);
    const c = computeCoverage({ fills, start: period.start, end: period.end, inpatient: member.inpatient });
    if (c.periodDays > 0) out.push({ measure: r.measure, pdc: c.coveredDays / c.periodDays, soFar: true });
  }
  return out;
}

/** The measure inputs as known on the day: a fill dated after it (a run as of a past day) had not happened yet. */
function fillsUpTo(measure: PanelInputs['measure'], day: string): PanelInputs['measure'] {
  let later = 0;
  for (const f of measure.fills) if (f.fillDate > day) later++;
  if (later === 0) return measure;
  const kept: PanelInputs['measure']['fills'] = [];
  for (const f of measure.fills) if (f.fillDate <= day) kept.push(f);
  return { ...measure, fills: kept };
}

/**
 * The facts of one patient on the run's day. Drug therapy problems are screened only when the inputs carry the chart
 * (the repository reads it for a program with a DTP criterion): otherwise `dtps` is null, and no criterion reads it.
 */
export function panelFacts(
  patientId: string,
  inputs: PanelInputs,
  run: Pick<PanelRun, 'year' | 'asOf' | 'knowledge' | 'classify' | 'measureSettings' | 'screeningRules'>,
): PanelFactsResult {
  const classes = new Set<string>();
  const unrecognised: string[] = [];
  drugClassesOf(inputs.medications, run.knowledge, classes, unrecognised);
  let adherence: PanelFacts['adherence'] = null;
  let unclassifiedFills = 0;
  let adherenceError: string | null = null;
  try {
    const record = memberFromRecord(patientId, fillsUpTo(inputs.measure, isoDay(run.asOf)), run.classify);
    unclassifiedFills = record.unclassifiedFills;
    adherence = adherenceOf(record.member, run);
  } catch (err) {
    adherenceError = err instanceof Error ? err.message : String(err);
  }
  const screen = inputs.chart ? screenOnDay(patientId, inputs.chart, isoDay(run.asOf), run.knowledge, run.screeningRules) : { dtps: null, errors: [] };
  return {
    facts: {
      activeMedications: inputs.medications.length,
      drugClasses: classes,
      chronicConditionGroups: chronicGroupsOf(inputs.conditions, run.year),
      latestA1c: inputs.a1c ? { value: inputs.a1c.value, day: toDay(inputs.a1c.date) } : undefined,
      adherence,
      lastDischarge: inputs.lastDischarge ? toDay(inputs.lastDischarge) : undefined,
      dtps: screen.dtps,
      drugCost: inputs.drugCost,
    },
    unrecognised,
    unclassifiedFills,
    adherenceError,
    screeningErrors: screen.errors,
  };
}

const COVERAGE_LABEL: Record<PanelProgramKind, string> = { medicaid: 'Medicaid', commercial: 'commercial or employer', employer: 'employer or commercial', clinic: '' };

/**
 * Who the program is for before its criteria: a living patient (the enrollment would be dated the as-of day) with
 * the program's coverage on that day. Returned as outcomes ahead of the criteria so every list and export says why
 * a patient who meets the criteria does not qualify.
 */
function preconditions(inputs: PanelInputs, run: PanelRun): { outcomes: PanelCriterionOutcome[]; memberId: string | null } {
  const outcomes: PanelCriterionOutcome[] = [];
  const died = inputs.measure.deceasedDate;
  if (died !== null && toDay(died) <= run.asOf) outcomes.push({ criterion: 'living', status: 'not-met', detail: `died on ${died}` });
  const wanted = PROGRAM_COVERAGE[run.kind];
  let memberId = inputs.coverage[0]?.memberId ?? null;
  if (wanted) {
    let found: PanelInputs['coverage'][number] | undefined;
    for (const c of inputs.coverage) {
      if (wanted.includes(c.kind)) {
        found = c;
        break;
      }
    }
    memberId = found?.memberId ?? null;
    outcomes.push(found
      ? { criterion: 'coverage', status: 'met', detail: `${found.kind} coverage, member ${found.memberId}` }
      : { criterion: 'coverage', status: 'not-met', detail: `no ${COVERAGE_LABEL[run.kind]} coverage on ${isoDay(run.asOf)}` });
  }
  return { outcomes, memberId };
}

/** One patient's panel result as stored (decision, every criterion's outcome, and notes on what the record lacks). */
export function panelRecord(patientId: string, inputs: PanelInputs, run: PanelRun): StoredTargetResult {
  const { facts, unrecognised, unclassifiedFills, adherenceError, screeningErrors } = panelFacts(patientId, inputs, run);
  const decided = evaluatePanel(run.criteria, facts, run.asOf);
  const pre = preconditions(inputs, run);
  let decision: PanelDecisionCode = decided.qualifies === true ? 'qualifies' : decided.qualifies === false ? 'not' : 'could-not-assess';
  for (const o of pre.outcomes) if (o.status === 'not-met') decision = 'not';
  const notes: string[] = [];
  if (run.criteria.highRiskDrugClasses !== undefined && unrecognised.length) {
    notes.push(`drug classes unknown for ${unrecognised.length} active medication${unrecognised.length > 1 ? 's' : ''} the knowledge base does not recognise: ${unrecognised.join(', ')}`);
  }
  if (run.criteria.pdcBelow !== undefined) {
    if (adherenceError !== null) notes.push(`adherence could not be computed: ${adherenceError}`);
    if (unclassifiedFills) notes.push(`${unclassifiedFills} fill${unclassifiedFills > 1 ? 's' : ''} with a product code the measure class lists do not know, left out of adherence`);
  }
  if (run.criteria.dtpSeverityAtLeast !== undefined) for (const e of screeningErrors) notes.push(e);
  return {
    patientId,
    memberId: pre.memberId,
    eligible: decision === 'qualifies',
    reason: null,
    dateMet: null,
    // The list's columns, read for a panel as the chronic condition groups and the active medications counted.
    coreDiseases: [...facts.chronicConditionGroups],
    drugCount: facts.activeMedications,
    // The cost the annual cost criterion read (365 days up to the day, fills without a cost left out); Part D's
    // projected annual cost has no panel counterpart otherwise.
    annualCost: run.criteria.minAnnualCost !== undefined ? facts.drugCost.known : null,
    evaluatedOn: isoDay(run.asOf),
    notes,
    decision,
    outcomes: [...pre.outcomes, ...decided.outcomes],
  };
}
