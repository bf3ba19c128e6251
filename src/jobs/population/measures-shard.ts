// Step 2 of `openmtm measures`, one shard (a contiguous range of members) per task: read the shard's claim
// records, net them per member, classify each product once per thread, evaluate the six measures over columns
// and write the shard's result lines to its own file. The main thread joins the shard files in member order.
import fs from 'node:fs';
import { MEASURES, MeasureScratch, evaluateColumns, type MeasureOutcome } from '../../engines/adherence/measures.ts';
import { CLASS_COUNT, CLASS_INDEX, EXCLUSION_BIT, type MemberColumns } from '../../engines/adherence/member-columns.ts';
import type { MeasureClass, MeasureSettings } from '../../engines/adherence/member.ts';
import { classifierFromSpec, type ClassifierSpec } from '../product-classifier.ts';
import { ByteWriter } from './byte-writer.ts';
import { NetScratch, groupByMember, netClaims } from './claims-by-member.ts';
import { CodeMemo, ndcText } from './code-memo.ts';
import { M_ESRD, M_HOSPICE, NO_DAY, idEnd, memberId, type MemberTable } from './member-table.ts';
import { F_NDC, RECORD_INTS, R_DAY, R_RXCUI, R_SUPPLY, SUPPLY_MASK, readShard } from './records.ts';

export type MeasuresShardTask = {
  shard: number;
  /** Members [lo, hi). */
  lo: number;
  hi: number;
  partitions: number;
  spillDir: string;
  out: string;
  members: MemberTable;
  settings: MeasureSettings;
  asOf: number;
  classifier: ClassifierSpec;
};

/** A member-measure below the threshold that one refill by lastDay still brings to it. */
export type RescueRow = { member: number; measure: number; pdc: number; lastDay: number };

export type MeasuresShardResult = {
  /** Per measure (MEASURES order): [denominator, numerator]. */
  rates: [number, number][];
  rescue: RescueRow[];
  unclassifiedClaims: number;
  unknownCodes: string[];
};

/** A product's drug id per class (-1 = not in it); null = code unknown to the class lists. */
type Profile = Int32Array | null;

let memoFor: { spec: string; memo: CodeMemo<Profile> } | undefined;

/** Per-thread classification memo: class keys ("lisinopril") interned as ids, shared by every member. */
function profiles(spec: ClassifierSpec): CodeMemo<Profile> {
  const key = JSON.stringify(spec);
  if (memoFor?.spec === key) return memoFor.memo;
  const classify = classifierFromSpec(spec);
  const ids = new Map<string, number>();
  const memo = new CodeMemo<Profile>((rxcui, ndc) => {
    const classes = classify({ rxcui, ndc });
    if (classes === undefined) return null;
    const p = new Int32Array(CLASS_COUNT).fill(-1);
    for (const [cls, k] of Object.entries(classes) as [MeasureClass, string | undefined][]) {
      if (k === undefined) continue;
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      p[CLASS_INDEX[cls]] = id;
    }
    return p;
  });
  memoFor = { spec: key, memo };
  return memo;
}

/** Claim filter for step 1: products in some measure class, and unknown codes (counted, never dropped silently). */
export function measureClaimFilter(spec: ClassifierSpec): (rxcui: number, ndc: number) => boolean {
  const memo = profiles(spec);
  return (rxcui, ndc) => {
    const p = memo.get(rxcui, ndc);
    return p === null || p.some((id) => id >= 0);
  };
}

const COMMA = 44;

/** The member id as a CSV cell: its bytes, quoted only when they hold a quote, comma or line break. */
function writeId(w: ByteWriter, t: MemberTable, m: number): void {
  const a = t.idStart[m]!;
  const e = idEnd(t, m);
  for (let i = a; i < e; i++) {
    const c = t.idBytes[i];
    if (c === 34 || c === COMMA || c === 10 || c === 13) {
      const quoted = Buffer.from(`"${memberId(t, m).replace(/"/g, '""')}"`);
      return w.bytes(quoted, 0, quoted.length);
    }
  }
  w.bytes(t.idBytes, a, e);
}

/** member_id,measure,in_denominator,reason,pdc,numerator,covered_days,period_days,unclassified_claims */
function writeResult(w: ByteWriter, t: MemberTable, m: number, r: MeasureOutcome, unclassified: number): void {
  writeId(w, t, m);
  w.byte(COMMA);
  w.ascii(r.measure);
  w.ascii(r.inDenominator ? ',1,' : ',0,');
  w.ascii(r.reason);
  w.byte(COMMA);
  if (r.pdc !== null) w.ascii(r.pdc.toFixed(6));
  w.byte(COMMA);
  w.uint(r.numerator);
  w.byte(COMMA);
  if (r.coveredDays !== null) w.uint(r.coveredDays);
  w.byte(COMMA);
  if (r.periodDays !== null) w.uint(r.periodDays);
  w.byte(COMMA);
  w.uint(unclassified);
  w.byte(10);
}

export function evaluateMeasuresShard(t: MeasuresShardTask): MeasuresShardResult {
  const memo = profiles(t.classifier);
  const block = readShard(t.spillDir, 'claims', t.partitions, t.shard);
  const groups = groupByMember(block, t.lo, t.hi);
  const scratch = new MeasureScratch();
  const res: MeasuresShardResult = { rates: MEASURES.map(() => [0, 0]), rescue: [], unclassifiedClaims: 0, unknownCodes: [] };
  const unknown = new Set<string>();
  let kept = new Int32Array(256);
  let cols = columns(256);
  const net = new NetScratch();
  const fd = fs.openSync(t.out, 'w');
  const w = new ByteWriter(fd);
  try {
    for (let m = t.lo; m < t.hi; m++) {
      const a = groups.first[m - t.lo]!;
      const b = groups.first[m - t.lo + 1]!;
      if (b - a > kept.length) {
        kept = new Int32Array(2 * (b - a));
        cols = columns(2 * (b - a));
      }
      const n = netClaims(block, groups.order, a, b, kept, net);
      let unclassified = 0;
      let fills = 0;
      for (let i = 0; i < n; i++) {
        const r = kept[i]!;
        const o = r * RECORD_INTS;
        const rxcui = block.ints[o + R_RXCUI]!;
        const ndc = block.doubles[r * 5 + F_NDC]!;
        const p = memo.get(rxcui, ndc);
        if (p === null) {
          unclassified++;
          if (unknown.size < 50) unknown.add(rxcui >= 0 ? `rxcui ${rxcui}` : `ndc ${ndcText(ndc)}`);
          continue;
        }
        let inClass = false;
        for (let c = 0; c < CLASS_COUNT; c++) {
          cols.drug[fills * CLASS_COUNT + c] = p[c]!;
          if (p[c]! >= 0) inClass = true;
        }
        if (!inClass) continue;
        cols.day[fills] = block.ints[o + R_DAY]!;
        cols.supply[fills] = block.ints[o + R_SUPPLY]! & SUPPLY_MASK;
        fills++;
      }
      setMember(cols, t.members, m, fills);
      res.unclassifiedClaims += unclassified;
      const results = evaluateColumns(cols, t.settings, scratch, t.asOf);
      for (let k = 0; k < results.length; k++) {
        const r = results[k]!;
        if (r.inDenominator) {
          res.rates[k]![0]++;
          res.rates[k]![1] += r.numerator;
        }
        if (r.refill?.status === 'refill-by' && r.numerator === 0) res.rescue.push({ member: m, measure: k, pdc: r.pdc ?? 0, lastDay: r.refill.lastDay });
        writeResult(w, t.members, m, r, unclassified);
      }
    }
    w.flush();
  } finally {
    fs.closeSync(fd);
  }
  res.unknownCodes = [...unknown];
  return res;
}

function columns(capacity: number): MemberColumns {
  return {
    birthDay: 0, deathDay: undefined, enrollment: undefined, exclusions: 0, stays: [], stayCount: 0,
    fillCount: 0, day: new Int32Array(capacity), supply: new Int32Array(capacity), drug: new Int32Array(capacity * CLASS_COUNT),
  };
}

const day = (v: number) => (v === NO_DAY ? undefined : v);

function setMember(cols: MemberColumns, t: MemberTable, m: number, fills: number): void {
  cols.fillCount = fills;
  cols.birthDay = t.birth[m]!;
  cols.deathDay = day(t.death[m]!);
  cols.enrollment = t.enrollStart[m] === NO_DAY ? undefined : [[t.enrollStart[m]!, day(t.enrollEnd[m]!)]];
  cols.exclusions = (t.flags[m]! & M_HOSPICE ? EXCLUSION_BIT.hospice : 0) | (t.flags[m]! & M_ESRD ? EXCLUSION_BIT.esrd : 0);
  const s0 = t.stayStart[m]!;
  cols.stayCount = t.stayStart[m + 1]! - s0;
  cols.stays = cols.stayCount ? t.stays.subarray(2 * s0, 2 * (s0 + cols.stayCount)) : [];
}
