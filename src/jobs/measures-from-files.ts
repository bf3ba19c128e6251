// `openmtm measures --claims F --members F --year Y --out F [--inpatient F]`: the six measures from files, no
// database, on the population engine (jobs/population/README.md): the members and inpatient files are read and
// checked on this thread; the claims file is cut into byte ranges partitioned by member into spill files on worker
// threads (step 1), then each shard of members is evaluated on a worker (step 2) and the shard outputs are joined
// in members-file order. Every problem in every file is reported (located, up to 20) and nothing is written when
// there is one; the results go through a temporary file renamed at the end. Memory is bounded by the shard size.
import fs from 'node:fs';
import path from 'node:path';
import { isoDay } from '../domain/days.ts';
import type { MeasureId } from '../domain/shapes.ts';
import { MEASURES } from '../engines/adherence/measures.ts';
import { DEFAULT_SETTINGS, type MeasureSettings } from '../engines/adherence/member.ts';
import { headerIndex } from '../interop/csv.ts';
import { INPATIENT_COLUMNS, MEMBER_COLUMNS, MEMBER_OPTIONAL, parseInpatient, parseMember, type InpatientRow } from '../interop/measure-files.ts';
import { InputProblems, readCsv } from './csv-input.ts';
import { partitionFile, planShards } from './population/input-file.ts';
import type { RescueRow } from './population/measures-shard.ts';
import { memberId, memberTable } from './population/member-table.ts';
import { eachShard, readMembers, withPool, withSpillDir, writeJoined } from './population/file-run.ts';
import type { TaskPool } from './population/pool.ts';
import { classifierFromSpec, type ClassifierSpec } from './product-classifier.ts';

export type MeasuresFromFilesOptions = {
  claims: string;
  members: string;
  inpatient?: string | undefined;
  out: string;
  year: number;
  /** Which class lists to use: the shipped open lists, or a licensed value-set file, with an optional NDC crosswalk. */
  classifier: ClassifierSpec;
  settings?: Partial<Omit<MeasureSettings, 'year'>>;
  /** Today, as a day number: refill deadlines are computed for periods still running on this day. */
  asOf: number;
  /** Where to write the rescue list: members below the threshold who reach it with one refill by a date. */
  rescueOut?: string | undefined;
  /** Worker threads; 0 runs on this thread. Default: 0 for small claim files, else one per CPU. */
  workers?: number | undefined;
  /** Where the spill files go (default: the system temp directory). */
  tmpDir?: string | undefined;
  onProgress?: (step: 'partition' | 'evaluate', done: number, total: number) => void;
};

export type MeasuresSummary = {
  members: number;
  claims: number;
  unclassifiedClaims: number;
  unclassifiedCodes: string[];
  rates: Record<string, { denominator: number; numerator: number; rate: number | null }>;
  rescue: number;
  workers: number;
  shards: number;
};

export const RESULTS_HEADER = 'member_id,measure,in_denominator,reason,pdc,numerator,covered_days,period_days,unclassified_claims';

export async function measuresFromFiles(o: MeasuresFromFilesOptions): Promise<MeasuresSummary> {
  classifierFromSpec(o.classifier); // reads and checks the value-set and crosswalk files before any work
  return withPool([o.claims], o.workers, (pool) => run(o, pool));
}

async function run(o: MeasuresFromFilesOptions, pool: TaskPool): Promise<MeasuresSummary> {
  const problems = new InputProblems('no results were written');
  const rows = await readMembers(o.members, { required: MEMBER_COLUMNS, optional: MEMBER_OPTIONAL }, parseMember, problems);
  const stays = new Map<string, InpatientRow[]>();
  if (o.inpatient) {
    await readCsv(o.inpatient, (h) => headerIndex(h, INPATIENT_COLUMNS), parseInpatient, problems, (r) => {
      const list = stays.get(r.memberId);
      if (list) list.push(r);
      else stays.set(r.memberId, [r]);
    });
  }
  problems.throwIfAny();

  const members = memberTable(rows, stays);
  const plan = planShards(fs.statSync(o.claims).size, rows.length, pool.size);
  return withSpillDir(o.tmpDir, async (spillDir) => {
    const parts = await partitionFile(pool, {
      file: o.claims, input: { kind: 'claims', variant: 'measures', keep: { measureClasses: o.classifier } }, plan, members, membersFile: o.members, spillDir,
      onProgress: (d, t) => o.onProgress?.('partition', d, t),
    }, problems);
    problems.throwIfAny();
    const settings: MeasureSettings = { ...DEFAULT_SETTINGS, ...o.settings, year: o.year };
    const out = (s: number) => path.join(spillDir, `results-${s}.csv`);
    const results = await eachShard(plan, rows.length, (shard, lo, hi) =>
      pool.run('measures-shard', { shard, lo, hi, partitions: parts!.partitions, spillDir, out: out(shard), members, settings, asOf: o.asOf, classifier: o.classifier }),
    (d, t) => o.onProgress?.('evaluate', d, t));

    writeJoined(o.out, RESULTS_HEADER, results.map((_, s) => out(s)));
    const rescue = results.flatMap((r) => r.rescue);
    if (o.rescueOut) writeRescue(o.rescueOut, rescue, o.asOf, (m) => memberId(members, m));
    const rates: MeasuresSummary['rates'] = {};
    MEASURES.forEach((m: MeasureId, k) => {
      const denominator = results.reduce((s, r) => s + r.rates[k]![0], 0);
      const numerator = results.reduce((s, r) => s + r.rates[k]![1], 0);
      rates[m] = { denominator, numerator, rate: denominator ? numerator / denominator : null };
    });
    const unknown = new Set(results.flatMap((r) => r.unknownCodes));
    return {
      members: rows.length, claims: parts!.rows, unclassifiedClaims: results.reduce((s, r) => s + r.unclassifiedClaims, 0),
      unclassifiedCodes: [...unknown].slice(0, 50), rates, rescue: rescue.length, workers: pool.size, shards: plan.shards,
    };
  });
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Most urgent first: the fewest days left to refill, then the lowest PDC, then file order. */
function writeRescue(file: string, rows: RescueRow[], asOf: number, idOf: (member: number) => string): void {
  rows.sort((a, b) => a.lastDay - b.lastDay || a.pdc - b.pdc || a.member - b.member || a.measure - b.measure);
  const lines = ['rank,member_id,measure,pdc_if_no_refill,refill_by,days_left'];
  rows.forEach((r, i) => lines.push([i + 1, csvCell(idOf(r.member)), MEASURES[r.measure], r.pdc.toFixed(6), isoDay(r.lastDay), r.lastDay - asOf].join(',')));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n') + '\n');
  fs.renameSync(tmp, file);
}
