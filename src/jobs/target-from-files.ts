// `openmtm target --program partd ...`: Part D MTM targeting from files, no database (issue 5), on the population
// engine (jobs/population/README.md): the members file is read and checked on this thread; the claims and the
// conditions files are partitioned by member into spill files on worker threads, then each shard of members is
// evaluated on a worker and the shard outputs are joined in members-file order. Every problem in every file is
// reported (located, up to 20) and nothing is written when there is one. Memory is bounded by the shard size.
import fs from 'node:fs';
import path from 'node:path';
import type { PartdProgram } from '../engines/targeting/program.ts';
import { TARGET_MEMBER_COLUMNS, TARGET_MEMBER_OPTIONAL, TARGET_OUTPUT_HEADER, parseTargetMember } from '../interop/target-files.ts';
import { InputProblems } from './csv-input.ts';
import { eachShard, readMembers, withPool, withSpillDir, writeJoined } from './population/file-run.ts';
import { partitionFile, planShards } from './population/input-file.ts';
import { memberTable } from './population/member-table.ts';
import type { TaskPool } from './population/pool.ts';

export { TARGET_OUTPUT_HEADER };

export type TargetFromFilesOptions = {
  claims: string;
  members: string;
  conditions: string;
  out: string;
  program: PartdProgram;
  /** Day evaluated up to (capped at the program year's end by the engine). */
  asOf: number;
  /** NDC → RxCUI crosswalk file for products the knowledge base knows only by RxCUI. */
  crosswalk?: string | undefined;
  /** Worker threads; 0 runs on this thread. Default: 0 for small claim files, else one per CPU. */
  workers?: number | undefined;
  tmpDir?: string | undefined;
  onProgress?: (step: 'partition' | 'evaluate', done: number, total: number) => void;
};

export type TargetSummary = {
  members: number;
  claims: number;
  conditions: number;
  eligible: number;
  byReason: Record<string, number>;
  /** Claims whose product the knowledge base does not know: counted as drugs by their code. */
  unidentifiedClaims: number;
  unidentifiedCodes: string[];
  costUnknownMembers: number;
};

export async function targetFromFiles(o: TargetFromFilesOptions): Promise<TargetSummary> {
  return withPool([o.claims, o.conditions], o.workers, (pool) => run(o, pool));
}

async function run(o: TargetFromFilesOptions, pool: TaskPool): Promise<TargetSummary> {
  const problems = new InputProblems('no targets were written');
  const rows = await readMembers(o.members, { required: TARGET_MEMBER_COLUMNS, optional: TARGET_MEMBER_OPTIONAL }, parseTargetMember, problems);
  problems.throwIfAny();

  const members = memberTable(rows);
  const plan = planShards(fs.statSync(o.claims).size, rows.length, pool.size);
  return withSpillDir(o.tmpDir, async (spillDir) => {
    const common = { plan, members, membersFile: o.members, spillDir };
    const claims = await partitionFile(pool, { ...common, file: o.claims, input: { kind: 'claims', variant: 'target' }, onProgress: (d, t) => o.onProgress?.('partition', d, t) }, problems);
    const conditions = await partitionFile(pool, { ...common, file: o.conditions, input: { kind: 'conditions', year: o.program.year } }, problems);
    problems.throwIfAny();
    const out = (s: number) => path.join(spillDir, `targets-${s}.csv`);
    const results = await eachShard(plan, rows.length, (shard, lo, hi) =>
      pool.run('target-shard', { shard, lo, hi, partitions: claims!.partitions, spillDir, out: out(shard), members, program: o.program, asOf: o.asOf, crosswalk: o.crosswalk }),
    (d, t) => o.onProgress?.('evaluate', d, t));
    writeJoined(o.out, TARGET_OUTPUT_HEADER, results.map((_, s) => out(s)));
    const byReason: Record<string, number> = {};
    for (const r of results) for (const [k, n] of Object.entries(r.byReason)) byReason[k] = (byReason[k] ?? 0) + n;
    return {
      members: rows.length, claims: claims!.rows, conditions: conditions!.rows, eligible: results.reduce((s, r) => s + r.eligible, 0), byReason,
      unidentifiedClaims: results.reduce((s, r) => s + r.unidentifiedClaims, 0), unidentifiedCodes: [...new Set(results.flatMap((r) => r.unidentifiedCodes))].slice(0, 50),
      costUnknownMembers: results.reduce((s, r) => s + r.costUnknownMembers, 0),
    };
  });
}
