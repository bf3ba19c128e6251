// Step 1 for a whole input file (claims, conditions): find its header, cut the rest into byte ranges of whole lines,
// partition every range on the pool, and turn the ranges' problems into file line numbers. Shared by every
// file-based population job (measures, targeting).
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../domain/errors.ts';
import { CsvHeaderError, headerIndex } from '../../interop/csv.ts';
import { CLAIM_COLUMNS, CLAIM_OPTIONAL } from '../../interop/measure-files.ts';
import { CONDITION_COLUMNS, TARGET_CLAIM_COLUMNS } from '../../interop/target-files.ts';
import type { InputProblems } from '../csv-input.ts';
import type { MemberTable } from './member-table.ts';
import { splitRanges, type ClaimVariant } from './partition.ts';
import type { TaskPool } from './pool.ts';
import type { TaskMap } from './tasks.ts';

export type PartitionPlan = { partitions: number; shards: number; shardSize: number };

/** Shards small enough to evaluate in a few tens of MB each, and at least a few per worker so they balance. */
export function planShards(fileBytes: number, members: number, workers: number): PartitionPlan {
  const estimatedClaims = fileBytes / 50;
  const shards = Math.max(1, Math.min(members, Math.max(4 * Math.max(1, workers), Math.ceil(estimatedClaims / 500_000))));
  return { partitions: workers === 0 ? 1 : 4 * workers, shards, shardSize: Math.max(1, Math.ceil(members / shards)) };
}

/** What a file holds and how its rows become records. */
export type InputKind = { kind: 'claims'; variant: ClaimVariant; keep?: TaskMap['partition']['task']['keep'] } | { kind: 'conditions'; year: number };

function checkHeader(input: InputKind, header: string): void {
  if (input.kind === 'conditions') headerIndex(header, CONDITION_COLUMNS);
  else if (input.variant === 'target') headerIndex(header, TARGET_CLAIM_COLUMNS, CLAIM_OPTIONAL);
  else headerIndex(header, CLAIM_COLUMNS, CLAIM_OPTIONAL);
}

/** The header line (first non-blank line) and where the data starts; problems are added for a bad header. */
function readHeader(file: string, input: InputKind, problems: InputProblems): { header: string; line: number; dataStart: number } | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let p = 0;
    for (let line = 1; p < n; line++) {
      let q = buf.indexOf(10, p);
      if (q < 0 || q >= n) q = n;
      const text = buf.toString('utf8', p, q).replace(/\r$/, '');
      if (text.trim() !== '') {
        try {
          checkHeader(input, text);
        } catch (err) {
          if (!(err instanceof CsvHeaderError)) throw err;
          problems.add(file, line, 'header', err.message);
          return undefined;
        }
        return { header: text, line, dataStart: Math.min(q + 1, n) };
      }
      p = q + 1;
    }
    problems.add(file, 1, 'header', 'the file is empty');
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export type PartitionOutcome = { partitions: number; rows: number; records: number };

/**
 * Partitions the file into spill files under `spillDir` by the shard plan; problems get file line numbers.
 * Undefined when the header is unusable (a problem says why).
 */
export async function partitionFile(
  pool: TaskPool,
  o: { file: string; input: InputKind; plan: PartitionPlan; members: MemberTable; membersFile: string; spillDir: string; onProgress?: (done: number, total: number) => void },
  problems: InputProblems,
): Promise<PartitionOutcome | undefined> {
  if (!fs.existsSync(o.file)) throw new ValidationError(`${o.file} does not exist`);
  const head = readHeader(o.file, o.input, problems);
  if (!head) return undefined;
  const size = fs.statSync(o.file).size;
  const fd = fs.openSync(o.file, 'r');
  let cuts: number[];
  try {
    cuts = splitRanges(fd, head.dataStart, size, o.plan.partitions);
  } finally {
    fs.closeSync(fd);
  }
  let done = 0;
  const input = o.input;
  const results = await Promise.all(
    cuts.slice(0, -1).map((start, p) => {
      const range = {
        file: o.file, start, end: cuts[p + 1]!, header: head.header, partition: p, shards: o.plan.shards, shardSize: o.plan.shardSize,
        spillDir: o.spillDir, members: o.members, membersFile: path.basename(o.membersFile),
      };
      const task = input.kind === 'conditions' ? pool.run('partition-conditions', { ...range, year: input.year }) : pool.run('partition', { ...range, variant: input.variant, keep: input.keep });
      return task.then((r) => {
        o.onProgress?.((done += cuts[p + 1]! - start), size - head.dataStart);
        return r;
      });
    }),
  );
  // Local line numbers → file line numbers; an unknown member is reported once, at its first line.
  let firstLine = head.line + 1;
  const seen = new Set<string>();
  const located = results.flatMap((r) => {
    const at = firstLine;
    firstLine += r.lines;
    return r.problems.map((x) => ({ ...x, line: at + x.line - 1 }));
  });
  located.sort((a, b) => a.line - b.line);
  for (const x of located) {
    const unknownMember = x.column === 'member_id' && x.message.startsWith('member ') && x.message.includes(' is not in ');
    if (unknownMember && seen.has(x.message)) continue;
    seen.add(x.message);
    problems.add(o.file, x.line, x.column, x.message);
  }
  return { partitions: results.length, rows: results.reduce((s, r) => s + r.rows, 0), records: results.reduce((s, r) => s + r.records, 0) };
}
