// `openmtm target --program partd ...`: Part D MTM targeting from files, no database (issue 5), on the population
// engine (jobs/population/README.md): the members file is read and checked on this thread; the claims and the
// conditions files are partitioned by member into spill files on worker threads, then each shard of members is
// evaluated on a worker and the shard outputs are joined in members-file order. Every problem in every file is
// reported (located, up to 20) and nothing is written when there is one. Memory is bounded by the shard size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ValidationError } from '../domain/errors.ts';
import type { PartdProgram } from '../engines/targeting/program.ts';
import { headerIndex } from '../interop/csv.ts';
import { TARGET_MEMBER_COLUMNS, TARGET_MEMBER_OPTIONAL, TARGET_OUTPUT_HEADER, parseTargetMember, type TargetMemberRow } from '../interop/target-files.ts';
import { InputProblems, readCsv } from './csv-input.ts';
import { writeJoined } from './measures-from-files.ts';
import { partitionFile, planShards } from './population/input-file.ts';
import { memberTable } from './population/member-table.ts';
import { TaskPool } from './population/pool.ts';

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

const SMALL_FILE_BYTES = 8 << 20;

export async function targetFromFiles(o: TargetFromFilesOptions): Promise<TargetSummary> {
  for (const f of [o.claims, o.conditions]) if (!fs.existsSync(f)) throw new ValidationError(`${f} does not exist`);
  const workers = o.workers ?? (fs.statSync(o.claims).size < SMALL_FILE_BYTES ? 0 : os.availableParallelism());
  const pool = new TaskPool(workers);
  try {
    return await run(o, pool);
  } finally {
    await pool.close();
  }
}

async function run(o: TargetFromFilesOptions, pool: TaskPool): Promise<TargetSummary> {
  const problems = new InputProblems('no targets were written');
  const rows: TargetMemberRow[] = [];
  const seen = new Set<string>();
  await readCsv(o.members, (h) => headerIndex(h, TARGET_MEMBER_COLUMNS, TARGET_MEMBER_OPTIONAL), parseTargetMember, problems, (r, line) => {
    if (seen.has(r.memberId)) problems.add(o.members, line, 'member_id', `member ${r.memberId} appears twice`);
    else rows.push(r);
    seen.add(r.memberId);
  });
  problems.throwIfAny();

  const members = memberTable(rows);
  const plan = planShards(fs.statSync(o.claims).size, rows.length, pool.size);
  const spillDir = fs.mkdtempSync(path.join(o.tmpDir ?? os.tmpdir(), 'openmtm-target-'));
  try {
    const common = { plan, members, membersFile: o.members, spillDir };
    const claims = await partitionFile(pool, { ...common, file: o.claims, input: { kind: 'claims', variant: 'target' }, onProgress: (d, t) => o.onProgress?.('partition', d, t) }, problems);
    const conditions = await partitionFile(pool, { ...common, file: o.conditions, input: { kind: 'conditions', year: o.program.year } }, problems);
    problems.throwIfAny();

    let evaluated = 0;
    const results = await Promise.all(
      Array.from({ length: plan.shards }, (_, s) => {
        const lo = Math.min(rows.length, s * plan.shardSize);
        const hi = Math.min(rows.length, lo + plan.shardSize);
        return pool
          .run('target-shard', {
            shard: s, lo, hi, partitions: claims!.partitions, spillDir, out: path.join(spillDir, `targets-${s}.csv`), members, program: o.program, asOf: o.asOf, crosswalk: o.crosswalk,
          })
          .then((r) => {
            o.onProgress?.('evaluate', (evaluated += hi - lo), rows.length);
            return r;
          });
      }),
    );
    writeJoined(o.out, TARGET_OUTPUT_HEADER, results.map((_, s) => path.join(spillDir, `targets-${s}.csv`)));
    const byReason: Record<string, number> = {};
    for (const r of results) for (const [k, n] of Object.entries(r.byReason)) byReason[k] = (byReason[k] ?? 0) + n;
    return {
      members: rows.length, claims: claims!.rows, conditions: conditions!.rows, eligible: results.reduce((s, r) => s + r.eligible, 0), byReason,
      unidentifiedClaims: results.reduce((s, r) => s + r.unidentifiedClaims, 0), unidentifiedCodes: [...new Set(results.flatMap((r) => r.unidentifiedCodes))].slice(0, 50),
      costUnknownMembers: results.reduce((s, r) => s + r.costUnknownMembers, 0),
    };
  } finally {
    fs.rmSync(spillDir, { recursive: true, force: true });
  }
}
