// Step 2 of `openmtm target`, one shard of members per task: read the shard's claim and condition records, net the
// claims per member (duplicates once, reversals cancel), name each product's drug once per thread, run the Part D
// targeting engine per member and write the shard's rows to its own file.
import fs from 'node:fs';
import { targetPartdMember, type TargetCondition, type TargetFill, type TargetMember } from '../../engines/targeting/partd.ts';
import type { PartdProgram } from '../../engines/targeting/program.ts';
import { targetLine } from '../../interop/target-files.ts';
import { shippedDrugIdentifier } from '../drug-identifier.ts';
import { loadCrosswalk } from '../product-classifier.ts';
import { NetScratch, groupByMember, netClaims } from './claims-by-member.ts';
import { CodeMemo, ndcText } from './code-memo.ts';
import { M_DMP, NO_DAY, memberId, type MemberTable } from './member-table.ts';
import { R_GROUPS, groupsOfMask } from './partition-conditions.ts';
import { F_COST, F_NDC, RECORD_INTS, R_DAY, R_RXCUI, readShard } from './records.ts';

export type TargetShardTask = {
  shard: number;
  lo: number;
  hi: number;
  partitions: number;
  spillDir: string;
  out: string;
  members: MemberTable;
  program: PartdProgram;
  asOf: number;
  crosswalk?: string | undefined;
};

export type TargetShardResult = {
  eligible: number;
  byReason: Record<string, number>;
  unidentifiedClaims: number;
  unidentifiedCodes: string[];
  costUnknownMembers: number;
};

let memoFor: { crosswalk: string | undefined; memo: CodeMemo<string | null> } | undefined;

function drugs(crosswalk: string | undefined): CodeMemo<string | null> {
  if (memoFor && memoFor.crosswalk === crosswalk) return memoFor.memo;
  const identify = shippedDrugIdentifier(loadCrosswalk(crosswalk));
  memoFor = { crosswalk, memo: new CodeMemo((rxcui, ndc) => identify({ rxcui, ndc }) ?? null) };
  return memoFor.memo;
}

const day = (v: number) => (v === NO_DAY ? undefined : v);

export function evaluateTargetShard(t: TargetShardTask): TargetShardResult {
  const memo = drugs(t.crosswalk);
  const claims = readShard(t.spillDir, 'claims', t.partitions, t.shard);
  const conditions = readShard(t.spillDir, 'conditions', t.partitions, t.shard);
  const byClaims = groupByMember(claims, t.lo, t.hi);
  const byConditions = groupByMember(conditions, t.lo, t.hi);
  const res: TargetShardResult = { eligible: 0, byReason: {}, unidentifiedClaims: 0, unidentifiedCodes: [], costUnknownMembers: 0 };
  const unknown = new Set<string>();
  const groupsMemo = new Map<number, string[]>();
  const net = new NetScratch();
  let kept = new Int32Array(256);
  const fd = fs.openSync(t.out, 'w');
  let text = '';
  try {
    for (let m = t.lo; m < t.hi; m++) {
      const a = byClaims.first[m - t.lo]!;
      const b = byClaims.first[m - t.lo + 1]!;
      if (b - a > kept.length) kept = new Int32Array(2 * (b - a));
      const n = netClaims(claims, byClaims.order, a, b, kept, net);
      let unidentified = 0;
      const fills: TargetFill[] = [];
      for (let i = 0; i < n; i++) {
        const r = kept[i]!;
        const rxcui = claims.ints[r * RECORD_INTS + R_RXCUI]!;
        const ndc = claims.doubles[r * 5 + F_NDC]!;
        let drug = memo.get(rxcui, ndc);
        if (drug === null) {
          unidentified++;
          drug = rxcui >= 0 ? `rxcui:${rxcui}` : `ndc:${ndcText(ndc)}`;
          if (unknown.size < 50) unknown.add(drug);
        }
        const cost = claims.doubles[r * 5 + F_COST]!;
        fills.push({ day: claims.ints[r * RECORD_INTS + R_DAY]!, drug, cost: Number.isNaN(cost) ? null : cost });
      }
      const conds: TargetCondition[] = [];
      for (let i = byConditions.first[m - t.lo]!; i < byConditions.first[m - t.lo + 1]!; i++) {
        const r = byConditions.order[i]! * RECORD_INTS;
        const mask = conditions.ints[r + R_GROUPS]!;
        let groups = groupsMemo.get(mask);
        if (!groups) groupsMemo.set(mask, (groups = groupsOfMask(mask)));
        conds.push({ groups, onsetDay: day(conditions.ints[r + R_DAY]!) });
      }
      const tm = t.members;
      const member: TargetMember = {
        id: memberId(tm, m), enrollStart: day(tm.enrollStart[m]!), enrollEnd: day(tm.enrollEnd[m]!), deathDay: day(tm.death[m]!),
        dmpAtRisk: (tm.flags[m]! & M_DMP) !== 0, dmpDay: day(tm.dmpDay[m]!), fills, conditions: conds,
      };
      const r = targetPartdMember(member, t.program, t.asOf);
      if (unidentified) r.notes.push(`${unidentified} fill${unidentified > 1 ? 's' : ''} with a product code the knowledge base does not know, counted as a drug by code`);
      res.unidentifiedClaims += unidentified;
      if (r.annualCost === null && r.evaluatedDay !== undefined) res.costUnknownMembers++;
      if (r.eligible) {
        res.eligible++;
        res.byReason[r.reason] = (res.byReason[r.reason] ?? 0) + 1;
      }
      text += targetLine(r);
      if (text.length > 1 << 20) {
        fs.writeSync(fd, text);
        text = '';
      }
    }
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  res.unidentifiedCodes = [...unknown];
  return res;
}
