// A targeting run over one organisation's patients in the database (issue 5): one program — its year and criteria —
// as of a date, split into shards on the population shard queue (kind 'targeting') and worked by the same loop as
// measure runs (jobs/shard-work.ts): the server's background runner, `openmtm target-run` and `openmtm work` on
// other machines. A Part D program's shard is read in one statement and evaluated with the engine the file run uses;
// a panel program's (Medicaid, commercial, employer, clinic) with the panel engine on facts from the record
// (services/panel-member.ts). The last shard's transaction enrolls every eligible patient not yet in the program
// and writes the summary.
import { isoDay as dayOf, toDay, yearStart } from '../domain/days.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { panelCriteriaSchema, type PanelCriteria } from '../domain/worklists.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { COST_WINDOW_DAYS } from '../engines/targeting/panel.ts';
import { parsePartdProgram, type PartdProgram } from '../engines/targeting/program.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { shippedKnowledge, type Knowledge } from '../knowledge/screening/index.ts';
import { A1C_LOINC, A1C_PERCENT_UNITS } from '../knowledge/targeting/a1c-loinc.ts';
import { CORE_DISEASES_PROVENANCE } from '../knowledge/targeting/core-diseases.ts';
import { PARTD_THRESHOLDS_PROVENANCE } from '../knowledge/targeting/partd-thresholds.ts';
import { isoDay, type Clock } from '../services/clock.ts';
import { panelRecord, type PanelProgramKind, type PanelRun } from '../services/panel-member.ts';
import { enrollFromTargetRun } from '../services/target-enrollment.service.ts';
import { targetRecord } from '../services/target-member.ts';
import type { Db, Queryable } from '../store/db.ts';
import { shardPanelInputs } from '../store/panel-inputs.repository.ts';
import { createShards } from '../store/population-shards.repository.ts';
import { findProgram } from '../store/programs.repository.ts';
import { shardTargetInputs } from '../store/target-inputs.repository.ts';
import {
  createTargetRun, failTargetRun, findTargetRun, finishTargetRun, saveTargetShardResults, setTargetShardCount, targetRunOfShard,
  type StoredTargetResult, type TargetRunRow,
} from '../store/target-runs.repository.ts';
import { shippedDrugIdentifier, type DrugIdentifier } from './drug-identifier.ts';
import type { ProductClassifier } from './product-classifier.ts';
import { SHARD_SIZE, workOnShards, type ShardJob, type WorkOptions } from './shard-work.ts';

export const TARGETING_KNOWLEDGE_LABEL =
  `core diseases ${CORE_DISEASES_PROVENANCE.version}; thresholds ${PARTD_THRESHOLDS_PROVENANCE.version}; drugs: ${MEASURE_CLASSES_PROVENANCE.label} + shipped screening knowledge`;

/**
 * What a panel run's facts come from: the drug files of the screening knowledge (classes), the measure lists, and —
 * when the program has a DTP criterion — every file of the screening knowledge (its rules and their data).
 */
export function panelKnowledgeLabel(k: Knowledge, measureClassesLabel: string, criteria: PanelCriteria = {}): string {
  const drugFiles = k.files.filter((f) => f.kind === 'drugs' || f.kind === 'products').map((f) => `${f.file} ${f.version}`);
  const label = `core diseases ${CORE_DISEASES_PROVENANCE.version}; A1c LOINC ${A1C_LOINC.join(', ')}; drug classes: ${drugFiles.join(', ')}; adherence: ${measureClassesLabel}`;
  if (criteria.dtpSeverityAtLeast === undefined) return label;
  return `${label}; screening: ${k.files.map((f) => `${f.file} ${f.version}`).join(', ')}`;
}

/** The program a run evaluates, from the criteria it stored (checked again: CMS limits are code, not data). */
export function runProgram(run: { year: number; criteria: Record<string, unknown> }): PartdProgram {
  return parsePartdProgram({ ...run.criteria, kind: 'partd', year: run.year });
}

/** A panel run's criteria, from what it stored (checked again, like Part D's). */
export function runPanelCriteria(run: { criteria: Record<string, unknown> }): PanelCriteria {
  return panelCriteriaSchema.parse(run.criteria);
}

/**
 * Starts a run of a program of the organisation. asOf defaults to today, or the program year's last day when that
 * is earlier; it may not be in the future (the run enrolls patients) nor before the program year. A panel program's
 * asOf must also fall in the program year: its patients are enrolled on that day, and an enrollment belongs to the
 * program's year. `knowledge` and `classesLabel` name, in the run, what the workers' facts come from.
 */
export async function startTargetRun(
  db: Db,
  clock: Clock,
  o: {
    orgId: string; programId: string; asOf?: string | undefined; startedBy?: string | undefined; shardSize?: number;
    knowledge?: Knowledge | undefined; classesLabel?: string | undefined;
  },
): Promise<string> {
  const program = await findProgram(db, o.orgId, o.programId);
  if (!program) throw new NotFoundError('Program');
  if (!program.active) throw new ValidationError(`The program "${program.name}" is inactive: activate it before running targeting`);
  const today = isoDay(clock.now());
  const yearEnd = `${program.year}-12-31`;
  const asOf = o.asOf ?? (today < yearEnd ? today : yearEnd);
  if (asOf > today) throw new ValidationError(`The as-of date ${asOf} is in the future`, [{ pointer: '/asOf', message: `must not be after ${today}` }]);
  if (asOf < `${program.year}-01-01`) {
    throw new ValidationError(`The as-of date ${asOf} is before the program year ${program.year}`, [{ pointer: '/asOf', message: `must fall in or after ${program.year}` }]);
  }
  const partd = program.kind === 'partd';
  if (!partd && asOf > yearEnd) {
    throw new ValidationError(`The as-of date ${asOf} is after the program year ${program.year}`, [
      { pointer: '/asOf', message: `must fall in ${program.year}: a ${program.kind} program enrolls the patients who qualify on this day` },
    ]);
  }
  let stored: Record<string, unknown>;
  let panelCriteria: PanelCriteria = {};
  if (partd) {
    const { cmsCostThreshold: _cms, ...criteria } = runProgram({ year: program.year, criteria: program.criteria });
    stored = criteria;
  } else {
    // Checked when the program was saved; a criterion the schema has since stopped accepting is the program's to fix.
    const r = panelCriteriaSchema.safeParse(program.criteria);
    if (!r.success) throw new ValidationError(`The criteria of "${program.name}" are no longer valid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    stored = r.data;
    panelCriteria = r.data;
  }
  const knowledgeLabel = partd
    ? TARGETING_KNOWLEDGE_LABEL
    : panelKnowledgeLabel(o.knowledge ?? shippedKnowledge(), o.classesLabel ?? MEASURE_CLASSES_PROVENANCE.label, panelCriteria);
  const now = clock.now();
  return db.tx(async (q) => {
    const runId = await createTargetRun(q, {
      orgId: o.orgId, programId: program.id, programKind: program.kind, year: program.year, asOf, criteria: stored, knowledgeLabel, now, startedBy: o.startedBy,
    });
    const shards = await createShards(q, { runId, kind: 'targeting', orgId: o.orgId, size: o.shardSize ?? SHARD_SIZE[db.kind] });
    await setTargetShardCount(q, runId, shards);
    if (shards === 0) await finishWithEnrollment(q, (await findTargetRun(q, o.orgId, runId))!, now);
    return runId;
  });
}

async function finishWithEnrollment(q: Queryable, run: TargetRunRow, now: Date): Promise<void> {
  const { deceased } = await enrollFromTargetRun(q, run, now);
  await finishTargetRun(q, run.id, now, deceased);
}

let shipped: DrugIdentifier | undefined;

type Shard = { firstPatientId: string; nextPatientId: string | null };
type Tools = { identify: DrugIdentifier; knowledge: Knowledge; classify: ProductClassifier | undefined };

async function partdShard(db: Db, run: TargetRunRow, shard: Shard, identify: DrugIdentifier): Promise<StoredTargetResult[]> {
  const program = runProgram(run);
  const y0 = yearStart(run.year);
  const patients = await shardTargetInputs(db, {
    orgId: run.orgId, first: shard.firstPatientId, next: shard.nextPatientId, fillsFrom: dayOf(y0 - program.drugLookbackDays), fillsTo: `${run.year}-12-31`,
  });
  const asOf = toDay(run.asOf);
  const out: StoredTargetResult[] = [];
  for (const p of patients) out.push(targetRecord(p.id, p.inputs, program, asOf, identify));
  return out;
}

async function panelShard(db: Db, run: TargetRunRow, shard: Shard, tools: Tools): Promise<StoredTargetResult[]> {
  const panel: PanelRun = {
    kind: run.programKind as PanelProgramKind,
    year: run.year,
    criteria: runPanelCriteria(run),
    asOf: toDay(run.asOf),
    knowledge: tools.knowledge,
    classify: tools.classify,
    measureSettings: { ...DEFAULT_SETTINGS, year: run.year },
  };
  const patients = await shardPanelInputs(db, {
    orgId: run.orgId, first: shard.firstPatientId, next: shard.nextPatientId, day: run.asOf, a1cLoinc: A1C_LOINC, a1cUnits: A1C_PERCENT_UNITS,
    costWindowDays: COST_WINDOW_DAYS, screen: panel.criteria.dtpSeverityAtLeast !== undefined,
  });
  const out: StoredTargetResult[] = [];
  for (const p of patients) out.push(panelRecord(p.id, p.inputs, panel));
  return out;
}

const targetJob = (tools: Tools): ShardJob<TargetRunRow, StoredTargetResult[]> => ({
  kind: 'targeting',
  runOf: targetRunOfShard,
  async evaluate(db, run, shard) {
    const out = run.programKind === 'partd' ? await partdShard(db, run, shard, tools.identify) : await panelShard(db, run, shard, tools);
    return { members: out.length, out };
  },
  save: saveTargetShardResults,
  finish: finishWithEnrollment,
  fail: failTargetRun,
});

export type TargetWorkOptions = WorkOptions & {
  /** Drug identity for counting (with the configured NDC crosswalk); the shipped knowledge alone by default. */
  identify?: DrugIdentifier | undefined;
  /** Panel programs: the screening knowledge base for drug classes (shipped + user files); the shipped one by default. */
  knowledge?: Knowledge | undefined;
  /** Panel programs: the measure class lists for adherence (licensed file, NDC crosswalk); the shipped lists by default. */
  classify?: ProductClassifier | undefined;
};

/** Works on open targeting shards until none is left (or maxShards); returns how many shards this call completed. */
export function workOnTargetRuns(db: Db, clock: Clock, o: TargetWorkOptions = {}): Promise<number> {
  const tools: Tools = { identify: o.identify ?? (shipped ??= shippedDrugIdentifier()), knowledge: o.knowledge ?? shippedKnowledge(), classify: o.classify };
  return workOnShards(db, clock, targetJob(tools), o);
}

/** Works on one run of the organisation until it is done (or maxShards); returns the run as stored afterwards. */
export async function continueTargetRun(db: Db, clock: Clock, orgId: string, runId: string, opts: Omit<TargetWorkOptions, 'runId'> = {}): Promise<TargetRunRow> {
  const run = await findTargetRun(db, orgId, runId);
  if (!run) throw new NotFoundError('Targeting run');
  if (run.status === 'running') await workOnTargetRuns(db, clock, { ...opts, runId });
  return (await findTargetRun(db, orgId, runId))!;
}
