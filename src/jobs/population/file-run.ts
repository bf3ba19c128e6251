// What every file-based population job does around its own step 1 inputs and step 2 task (README.md beside this
// file): a pool sized for the claims file, the members file read and checked, a spill directory that is always
// removed, one task per shard with progress, and the shard outputs joined into the result file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ValidationError } from '../../domain/errors.ts';
import { headerIndex } from '../../interop/csv.ts';
import type { Parsed } from '../../interop/measure-files.ts';
import { readCsv, type InputProblems } from '../csv-input.ts';
import type { PartitionPlan } from './input-file.ts';
import { TaskPool } from './pool.ts';

/** Below this claims-file size a run stays on the calling thread: starting workers would cost more. */
const SMALL_FILE_BYTES = 8 << 20;

/**
 * Runs `fn` with a pool for the claims file: `workers` threads, or by default none for a small file and one per CPU
 * otherwise. The workers start loading while `fn` reads the members on this thread.
 */
export async function withPool<T>(files: readonly string[], workers: number | undefined, fn: (pool: TaskPool) => Promise<T>): Promise<T> {
  for (const f of files) if (!fs.existsSync(f)) throw new ValidationError(`${f} does not exist`);
  const pool = new TaskPool(workers ?? (fs.statSync(files[0]!).size < SMALL_FILE_BYTES ? 0 : os.availableParallelism()));
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

/** The members file's rows in file order; a member listed twice is a problem. */
export async function readMembers<T extends { memberId: string }, I>(
  file: string,
  columns: { required: readonly string[]; optional: readonly string[] },
  parse: (f: string[], idx: I) => Parsed<T>,
  problems: InputProblems,
): Promise<T[]> {
  const rows: T[] = [];
  const seen = new Set<string>();
  await readCsv(file, (h) => headerIndex(h, columns.required, columns.optional) as I, parse, problems, (r, line) => {
    if (seen.has(r.memberId)) problems.add(file, line, 'member_id', `member ${r.memberId} appears twice`);
    else rows.push(r);
    seen.add(r.memberId);
  });
  return rows;
}

/** A temporary directory for the spill files, removed whatever happens. */
export async function withSpillDir<T>(tmpDir: string | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(tmpDir ?? os.tmpdir(), 'openmtm-population-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One task per shard (members [lo, hi)); results in shard order; progress in members evaluated. */
export function eachShard<R>(plan: PartitionPlan, members: number, run: (shard: number, lo: number, hi: number) => Promise<R>, onProgress?: (done: number, total: number) => void): Promise<R[]> {
  let done = 0;
  return Promise.all(
    Array.from({ length: plan.shards }, (_, s) => {
      const lo = Math.min(members, s * plan.shardSize);
      const hi = Math.min(members, lo + plan.shardSize);
      return run(s, lo, hi).then((r) => {
        onProgress?.((done += hi - lo), members);
        return r;
      });
    }),
  );
}

/** Writes header + the parts, in order, to `file` through a temporary file renamed at the end. */
export function writeJoined(file: string, header: string, parts: readonly string[]): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, header + '\n');
    for (const p of parts) fs.writeSync(fd, fs.readFileSync(p));
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
