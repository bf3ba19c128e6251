// A Part D targeting run over one organisation's patients in the database (issue 5): one Part D program — its year
// and criteria — as of a date, split into shards on the population shard queue (kind 'targeting') and worked by the
// same loop as measure runs (jobs/shard-work.ts): the server's background runner, `openmtm target-run` and
// `openmtm work` on other machines. Each shard's patients are read in one statement and evaluated with the engine
// the file run uses; the last shard's transaction enrolls every eligible patient not yet in the program and writes
// the summary.
import { isoDay as dayOf, toDay, yearStart } from '../domain/days.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { parsePartdProgram, type PartdProgram } from '../engines/targeting/program.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { CORE_DISEASES_PROVENANCE } from '../knowledge/targeting/core-diseases.ts';
import { PARTD_THRESHOLDS_PROVENANCE } from '../knowledge/targeting/partd-thresholds.ts';
import { isoDay, type Clock } from '../services/clock.ts';
import { enrollFromTargetRun } from '../services/target-enrollment.service.ts';
import { targetRecord } from '../services/target-member.ts';
import type { Db, Queryable } from '../store/db.ts';
import { createShards } from '../store/population-shards.repository.ts';
import { findProgram } from '../store/programs.repository.ts';
import { shardTargetInputs } from '../store/target-inputs.repository.ts';
import {
  createTargetRun, failTargetRun, findTargetRun, finishTargetRun, saveTargetShardResults, setTargetShardCount, targetRunOfShard,
  type StoredTargetResult, type TargetRunRow,
} from '../store/target-runs.repository.ts';
import { shippedDrugIdentifier, type DrugIdentifier } from './drug-identifier.ts';
import { SHARD_SIZE, workOnShards, type ShardJob, type WorkOptions } from './shard-work.ts';

export const TARGETING_KNOWLEDGE_LABEL =
  `core diseases ${CORE_DISEASES_PROVENANCE.version}; thresholds ${PARTD_THRESHOLDS_PROVENANCE.version}; drugs: ${MEASURE_CLASSES_PROVENANCE.label} + shipped screening knowledge`;

/** The program a run evaluates, from the criteria it stored (checked again: CMS limits are code, not data). */
export function runProgram(run: { year: number; criteria: Record<string, unknown> }): PartdProgram {
  return parsePartdProgram({ ...run.criteria, kind: 'partd', year: run.year });
}

/**
 * Starts a run of a Part D program of the organisation. asOf defaults to today, or the program year's last day when
 * that is earlier; it may not be in the future (the run enrolls patients on the dates they met the criteria) nor
 * before the program year.
 */
export async function startTargetRun(
  db: Db,
  clock: Clock,
  o: { orgId: string; programId: string; asOf?: string | undefined; startedBy?: string | undefined; shardSize?: number },
): Promise<string> {
  const program = await findProgram(db, o.orgId, o.programId);
  if (!program) throw new NotFoundError('Program');
  if (program.kind !== 'partd') throw new ValidationError(`"${program.name}" is a ${program.kind} program: targeting runs evaluate Part D programs`);
  if (!program.active) throw new ValidationError(`The program "${program.name}" is inactive: activate it before running targeting`);
  const today = isoDay(clock.now());
  const yearEnd = `${program.year}-12-31`;
  const asOf = o.asOf ?? (today < yearEnd ? today : yearEnd);
  if (asOf > today) throw new ValidationError(`The as-of date ${asOf} is in the future`, [{ pointer: '/asOf', message: `must not be after ${today}` }]);
  if (asOf < `${program.year}-01-01`) {
    throw new ValidationError(`The as-of date ${asOf} is before the program year ${program.year}`, [{ pointer: '/asOf', message: `must fall in or after ${program.year}` }]);
  }
  const criteria = runProgram({ year: program.year, criteria: program.criteria as Record<string, unknown> });
  const { cmsCostThreshold: _cms, ...stored } = criteria;
  const now = clock.now();
  return db.tx(async (q) => {
    const runId = await createTargetRun(q, { orgId: o.orgId, programId: program.id, year: program.year, asOf, criteria: stored, knowledgeLabel: TARGETING_KNOWLEDGE_LABEL, now, startedBy: o.startedBy });
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

const targetJob = (identify: DrugIdentifier): ShardJob<TargetRunRow, StoredTargetResult[]> => ({
  kind: 'targeting',
  runOf: targetRunOfShard,
  async evaluate(db, run, shard) {
    const program = runProgram(run);
    const y0 = yearStart(run.year);
    const patients = await shardTargetInputs(db, {
      orgId: run.orgId, first: shard.firstPatientId, next: shard.nextPatientId, fillsFrom: dayOf(y0 - program.drugLookbackDays), fillsTo: `${run.year}-12-31`,
    });
    const asOf = toDay(run.asOf);
    return { members: patients.length, out: patients.map((p) => targetRecord(p.id, p.inputs, program, asOf, identify)) };
  },
  save: saveTargetShardResults,
  finish: finishWithEnrollment,
  fail: failTargetRun,
});

export type TargetWorkOptions = WorkOptions & {
  /** Drug identity for counting (with the configured NDC crosswalk); the shipped knowledge alone by default. */
  identify?: DrugIdentifier | undefined;
};

/** Works on open targeting shards until none is left (or maxShards); returns how many shards this call completed. */
export function workOnTargetRuns(db: Db, clock: Clock, o: TargetWorkOptions = {}): Promise<number> {
  return workOnShards(db, clock, targetJob(o.identify ?? (shipped ??= shippedDrugIdentifier())), o);
}

/** Works on one run of the organisation until it is done (or maxShards); returns the run as stored afterwards. */
export async function continueTargetRun(db: Db, clock: Clock, orgId: string, runId: string, opts: Omit<TargetWorkOptions, 'runId'> = {}): Promise<TargetRunRow> {
  const run = await findTargetRun(db, orgId, runId);
  if (!run) throw new NotFoundError('Targeting run');
  if (run.status === 'running') await workOnTargetRuns(db, clock, { ...opts, runId });
  return (await findTargetRun(db, orgId, runId))!;
}
