// Step 1 of a file-based population run, one byte range of the claims file per task: read every line, check it
// (byte-level fast path, the string parser for anything unusual), find its member and append a binary record to
// the spill file of the member's shard. Memory stays at one read buffer plus one small buffer per shard, whatever
// the file size. Problems are collected with their line number inside the range; the caller makes them global.
import fs from 'node:fs';
import { ClaimCells, fieldsNeeded, hashBytes, hashContent, readClaimLine, type ClaimLayout } from '../../interop/claim-bytes.ts';
import { headerIndex, splitCsvLine } from '../../interop/csv.ts';
import { CLAIM_COLUMNS, CLAIM_OPTIONAL, parseClaim, type ClaimRow, type Parsed } from '../../interop/measure-files.ts';
import { TARGET_CLAIM_COLUMNS, parseTargetClaim } from '../../interop/target-files.ts';
import { MemberLookup, memberIndex, type MemberTable } from './member-table.ts';
import { F_COST, F_NDC, FLAG_REVERSED, RECORD_INTS, R_DAY, R_ID_A, R_ID_B, R_MEMBER, R_RXCUI, R_SUPPLY, ShardWriter } from './records.ts';

/** What the job reads from a claim row: the measures columns, or those plus total_cost for targeting. */
export type ClaimVariant = 'measures' | 'target';

export type PartitionTask = {
  file: string;
  /** Byte range of whole lines [start, end); `firstLine` is the file line number of the line at `start`. */
  start: number;
  end: number;
  header: string;
  variant: ClaimVariant;
  partition: number;
  shards: number;
  /** Members per shard: member i goes to shard floor(i / shardSize). */
  shardSize: number;
  spillDir: string;
  members: MemberTable;
  membersFile: string;
};

export type LocalProblem = { line: number; column: string; message: string };

export type PartitionResult = {
  /** Lines in the range (blank ones included), to turn local line numbers into file line numbers. */
  lines: number;
  rows: number;
  records: number;
  problems: LocalProblem[];
};

/** Keeps only the claims a job can use (e.g. measure-class products and unknown codes); undefined keeps all. */
export type ClaimFilter = (rxcui: number, ndc: number) => boolean;

const MAX_PROBLEMS = 20;
const READ_BYTES = 4 << 20;

type StringParser = (f: string[]) => Parsed<ClaimRow & { totalCost?: number | null }>;

function stringParser(variant: ClaimVariant, header: string): { parse: StringParser; layout: ClaimLayout } {
  if (variant === 'target') {
    const idx = headerIndex(header, TARGET_CLAIM_COLUMNS, CLAIM_OPTIONAL);
    return { parse: (f) => parseTargetClaim(f, idx), layout: layoutOf(idx, idx.total_cost) };
  }
  const idx = headerIndex(header, CLAIM_COLUMNS, CLAIM_OPTIONAL);
  return { parse: (f) => parseClaim(f, idx), layout: layoutOf(idx, -1) };
}

function layoutOf(idx: Record<(typeof CLAIM_COLUMNS)[number], number> & Record<(typeof CLAIM_OPTIONAL)[number], number | undefined>, cost: number): ClaimLayout {
  return {
    member: idx.member_id, date: idx.fill_date, rxcui: idx.rxcui, ndc: idx.ndc, supply: idx.days_supply, quantity: idx.quantity,
    claimId: idx.claim_id ?? -1, status: idx.status ?? -1, cost,
  };
}

let indexCache: { table: MemberTable; index: Map<string, number> } | undefined;
let lookupCache: MemberLookup | undefined;
let lookupTable: MemberTable | undefined;

/** The member index of this thread for the table (built once per run). */
export function indexFor(t: MemberTable): Map<string, number> {
  if (indexCache?.table.idBytes !== t.idBytes) indexCache = { table: t, index: memberIndex(t) };
  return indexCache.index;
}

function lookupFor(t: MemberTable): MemberLookup {
  if (!lookupCache || lookupTable?.idBytes !== t.idBytes) {
    lookupCache = new MemberLookup(t);
    lookupTable = t;
  }
  return lookupCache;
}

export function partitionClaims(task: PartitionTask, filter: ClaimFilter | undefined): PartitionResult {
  const { parse, layout } = stringParser(task.variant, task.header);
  const need = fieldsNeeded(layout);
  const lookup = lookupFor(task.members);
  const writer = new ShardWriter(task.spillDir, 'claims', task.partition, task.shards);
  const cells = new ClaimCells();
  const id = new Int32Array(2);
  const problems: LocalProblem[] = [];
  const unknownMembers = new Set<string>();
  const problem = (line: number, column: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, column, message });
  };
  let lines = 0;
  let rows = 0;
  // Consecutive rows of the same member (the usual order of claim extracts) skip the lookup: the row's id is compared
  // with the previous row's member's id in the member table.
  const ids = task.members.idBytes;
  let lastStart = 0;
  let lastLen = -1;
  let lastMember = -1;

  // Called after the row's identity is in `id`; rows the job cannot use were counted and dropped before.
  const emit = (member: number, day: number, supply: number, reversed: boolean, rxcui: number, ndc: number, cost: number) => {
    const block = writer.slot(Math.floor(member / task.shardSize));
    const r = block.count++;
    const o = r * RECORD_INTS;
    block.ints[o + R_MEMBER] = member;
    block.ints[o + R_DAY] = day;
    block.ints[o + R_SUPPLY] = supply | (reversed ? FLAG_REVERSED : 0);
    block.ints[o + R_RXCUI] = rxcui;
    block.doubles[r * 5 + F_NDC] = ndc;
    block.ints[o + R_ID_A] = id[0]!;
    block.ints[o + R_ID_B] = id[1]!;
    block.doubles[r * 5 + F_COST] = cost;
  };
  const unknownMember = (line: number, memberIdText: string) => {
    if (unknownMembers.has(memberIdText)) return;
    unknownMembers.add(memberIdText);
    problem(line, 'member_id', task.variant === 'measures' ? `member ${memberIdText} has claims but is not in ${task.membersFile}` : `member ${memberIdText} is not in ${task.membersFile}`);
  };

  const onLine = (buf: Buffer, a: number, e: number) => {
    lines++;
    if (e > a && buf[e - 1] === 13) e--; // CRLF
    if (e === a) return;
    if (readClaimLine(buf, a, e, layout, need, cells)) {
      const len = cells.memberEnd - cells.memberStart;
      let member: number;
      if (len === lastLen && sameBytes(buf, cells.memberStart, ids, lastStart, len)) member = lastMember;
      else {
        const found = lookup.find(buf, cells.memberStart, cells.memberEnd);
        if (found < 0) return unknownMember(lines, buf.toString('utf8', cells.memberStart, cells.memberEnd));
        member = lastMember = found;
        lastLen = len;
        lastStart = task.members.idStart[found]!;
      }
      rows++;
      if (filter && !filter(cells.rxcui, cells.ndc)) return;
      if (cells.idStart >= 0) hashBytes(buf, cells.idStart, cells.idEnd, id);
      else hashContent(cells.day, cells.rxcui, cells.ndc, cells.supply, cells.quantity, id);
      return emit(member, cells.day, cells.supply, cells.reversed, cells.rxcui, cells.ndc, cells.cost);
    }
    const text = buf.toString('utf8', a, e);
    if (text.trim() === '') return;
    const r = parse(splitCsvLine(text));
    if (!r.ok) return problem(lines, r.problem.column, r.problem.message);
    const c = r.row;
    const member = indexFor(task.members).get(c.memberId); // built on first use: most files never need it
    if (member === undefined) return unknownMember(lines, c.memberId);
    const rxcui = c.rxcui === null ? -1 : Number(c.rxcui);
    const ndc = c.ndc === null ? NaN : Number(c.ndc);
    rows++;
    if (filter && !filter(rxcui, ndc)) return;
    if (c.claimId !== null) {
      const bytes = Buffer.from(c.claimId, 'utf8');
      hashBytes(bytes, 0, bytes.length, id);
    } else hashContent(c.day, rxcui, ndc, c.daysSupply, c.quantity, id);
    emit(member, c.day, c.daysSupply, c.reversed, rxcui, ndc, c.totalCost ?? NaN);
  };

  const fd = fs.openSync(task.file, 'r');
  try {
    scanLines(fd, task.start, task.end, onLine);
  } finally {
    fs.closeSync(fd);
    writer.close();
  }
  return { lines, rows, records: writer.written, problems };
}

function sameBytes(buf: Uint8Array, at: number, other: Uint8Array, otherAt: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (buf[at + i] !== other[otherAt + i]) return false;
  return true;
}

/** Calls onLine(buf, start, end) for every line of [from, to), without the line break. */
export function scanLines(fd: number, from: number, to: number, onLine: (buf: Buffer, a: number, e: number) => void): void {
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let pos = from;
  let have = 0;
  while (pos < to || have > 0) {
    const n = pos < to ? fs.readSync(fd, buf, have, Math.min(READ_BYTES - have, to - pos), pos) : 0;
    pos += n;
    have += n;
    let p = 0;
    for (let q; (q = buf.indexOf(10, p)) >= 0 && q < have; p = q + 1) onLine(buf, p, q);
    if (pos >= to || n === 0) {
      if (p < have) onLine(buf, p, have); // last line without a line break
      return;
    }
    if (p === 0 && have === READ_BYTES) throw new Error(`a line longer than ${READ_BYTES} bytes at byte ${pos - have}: is this a claims CSV file?`);
    buf.copy(buf, 0, p, have);
    have -= p;
  }
}

/** Byte offsets that split [from, size) into `parts` ranges of whole lines. */
export function splitRanges(fd: number, from: number, size: number, parts: number): number[] {
  const cuts = [from];
  const probe = Buffer.allocUnsafe(64 * 1024);
  for (let i = 1; i < parts; i++) {
    let at = Math.max(cuts.at(-1)!, Math.floor(from + ((size - from) * i) / parts));
    for (;;) {
      const n = fs.readSync(fd, probe, 0, probe.length, at);
      if (n === 0) {
        at = size;
        break;
      }
      const nl = probe.indexOf(10);
      if (nl >= 0 && nl < n) {
        at += nl + 1;
        break;
      }
      at += n;
    }
    cuts.push(Math.min(at, size));
  }
  cuts.push(size);
  return cuts;
}
