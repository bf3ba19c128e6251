// Step 1 for a conditions file (targeting): each row is checked by the string parser (conditions files are a
// tenth the size of claims files), resolved to the core chronic disease groups of the program's year where it is
// read, and kept only when it counts towards one; the record carries the groups as a bit mask.
import fs from 'node:fs';
import { headerIndex, splitCsvLine } from '../../interop/csv.ts';
import { CONDITION_COLUMNS, parseCondition } from '../../interop/target-files.ts';
import { CORE_DISEASE_GROUPS, coreDiseaseGroupsOf } from '../../knowledge/targeting/core-diseases.ts';
import { NO_DAY, type MemberTable } from './member-table.ts';
import { indexFor, scanLines, type LocalProblem, type PartitionResult } from './partition.ts';
import { RECORD_INTS, R_DAY, R_MEMBER, R_RXCUI, ShardWriter } from './records.ts';

export type ConditionsPartitionTask = {
  file: string;
  start: number;
  end: number;
  header: string;
  partition: number;
  shards: number;
  shardSize: number;
  spillDir: string;
  members: MemberTable;
  membersFile: string;
  /** Program year: which groups count (HIV/AIDS from 2025). */
  year: number;
};

/** Record slot that holds the group mask (the claim records' RxCUI slot). */
export const R_GROUPS = R_RXCUI;

const GROUP_BIT = new Map(CORE_DISEASE_GROUPS.map((g, i) => [g.key, 1 << i]));

export function groupsOfMask(mask: number): string[] {
  return CORE_DISEASE_GROUPS.filter((_, i) => (mask & (1 << i)) !== 0).map((g) => g.key);
}

export function partitionConditions(task: ConditionsPartitionTask): PartitionResult {
  const idx = headerIndex(task.header, CONDITION_COLUMNS);
  const index = indexFor(task.members);
  const writer = new ShardWriter(task.spillDir, 'conditions', task.partition, task.shards);
  const problems: LocalProblem[] = [];
  const unknown = new Set<string>();
  let lines = 0;
  let rows = 0;
  const fd = fs.openSync(task.file, 'r');
  try {
    scanLines(fd, task.start, task.end, (buf, a, e) => {
      lines++;
      const text = buf.toString('utf8', a, e).replace(/\r$/, '');
      if (text.trim() === '') return;
      const r = parseCondition(splitCsvLine(text), idx);
      if (!r.ok) {
        if (problems.length < 20) problems.push({ line: lines, ...r.problem });
        return;
      }
      const member = index.get(r.row.memberId);
      if (member === undefined) {
        if (!unknown.has(r.row.memberId) && problems.length < 20) problems.push({ line: lines, column: 'member_id', message: `member ${r.row.memberId} is not in ${task.membersFile}` });
        unknown.add(r.row.memberId);
        return;
      }
      rows++;
      let mask = 0;
      for (const g of coreDiseaseGroupsOf(r.row.code, r.row.system, task.year)) mask |= GROUP_BIT.get(g)!;
      if (mask === 0) return;
      const block = writer.slot(Math.floor(member / task.shardSize));
      const o = block.count++ * RECORD_INTS;
      block.ints[o + R_MEMBER] = member;
      block.ints[o + R_DAY] = r.row.onsetDay ?? NO_DAY;
      block.ints[o + R_GROUPS] = mask;
    });
  } finally {
    fs.closeSync(fd);
    writer.close();
  }
  return { lines, rows, records: writer.written, problems };
}
