// `openmtm target --program partd ...`: Part D MTM targeting from files, no database (issue 5). Reads and validates
// every input first (located errors `file:line: column: problem`, up to 20, and no output file at all on any error),
// then evaluates each member and writes one row per member through a temporary file renamed at the end.
// v1 holds claims and conditions in memory grouped by member, like the measures job.
import fs from 'node:fs';
import path from 'node:path';
import { isoDay } from '../domain/days.ts';
import { targetPartdMember, type TargetMember, type TargetResult } from '../engines/targeting/partd.ts';
import type { PartdProgram } from '../engines/targeting/program.ts';
import { headerIndex } from '../interop/csv.ts';
import { InputProblems, readCsv } from './csv-input.ts';
import type { Parsed } from '../interop/measure-files.ts';
import {
  CONDITION_COLUMNS,
  TARGET_CLAIM_COLUMNS,
  TARGET_MEMBER_COLUMNS,
  TARGET_MEMBER_OPTIONAL,
  parseCondition,
  parseTargetClaim,
  parseTargetMember,
  type ConditionRow,
  type TargetClaimRow,
  type TargetMemberRow,
} from '../interop/target-files.ts';

/** The drug a product is, for counting: its sorted active-ingredient set ("amlodipine/benazepril"); undefined = unknown code. */
export type DrugIdentifier = (code: { rxcui: string | null; ndc: string | null }) => string | undefined;

export type TargetFromFilesOptions = {
  claims: string;
  members: string;
  conditions: string;
  out: string;
  program: PartdProgram;
  /** Day evaluated up to (capped at the program year's end by the engine). */
  asOf: number;
  identify: DrugIdentifier;
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

export const TARGET_OUTPUT_HEADER = 'member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met,notes';


function groupBy<T extends { memberId: string }>(into: Map<string, { rows: T[]; line: number }>) {
  return (r: T, line: number) => {
    const g = into.get(r.memberId);
    if (g) g.rows.push(r);
    else into.set(r.memberId, { rows: [r], line });
  };
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function targetLine(r: TargetResult): string {
  return [
    csvCell(r.memberId), r.eligible ? '1' : '0', r.reason, r.coreDiseases.join(';'), String(r.drugCount),
    r.annualCost === null ? '' : r.annualCost.toFixed(2), r.dateMet === undefined ? '' : isoDay(r.dateMet), csvCell(r.notes.join('; ')),
  ].join(',') + '\n';
}

export async function targetFromFiles(o: TargetFromFilesOptions): Promise<TargetSummary> {
  const problems = new InputProblems('no targets were written');
  const members = new Map<string, TargetMemberRow>();
  await readCsv(o.members, (h) => headerIndex(h, TARGET_MEMBER_COLUMNS, TARGET_MEMBER_OPTIONAL), parseTargetMember, problems, (r, line) => {
    if (members.has(r.memberId)) problems.add(o.members, line, 'member_id', `member ${r.memberId} appears twice`);
    members.set(r.memberId, r);
  });
  const claimsBy = new Map<string, { rows: TargetClaimRow[]; line: number }>();
  const claimCount = await readCsv(o.claims, (h) => headerIndex(h, TARGET_CLAIM_COLUMNS), parseTargetClaim, problems, groupBy(claimsBy));
  const conditionsBy = new Map<string, { rows: ConditionRow[]; line: number }>();
  const conditionCount = await readCsv(o.conditions, (h) => headerIndex(h, CONDITION_COLUMNS), parseCondition, problems, groupBy(conditionsBy));
  problems.throwIfAny();
  for (const [file, by] of [[o.claims, claimsBy], [o.conditions, conditionsBy]] as const) {
    for (const [id, g] of by) if (!members.has(id)) problems.add(file, g.line, 'member_id', `member ${id} is not in ${path.basename(o.members)}`);
  }
  problems.throwIfAny();

  const summary: TargetSummary = { members: members.size, claims: claimCount, conditions: conditionCount, eligible: 0, byReason: {}, unidentifiedClaims: 0, unidentifiedCodes: [], costUnknownMembers: 0 };
  const unknownCodes = new Set<string>();
  const tmp = path.join(path.dirname(o.out), `.${path.basename(o.out)}.${process.pid}.tmp`);
  const out = fs.createWriteStream(tmp, 'utf8');
  try {
    out.write(TARGET_OUTPUT_HEADER + '\n');
    for (const m of members.values()) {
      let unidentified = 0;
      const fills = (claimsBy.get(m.memberId)?.rows ?? []).map((c) => {
        let drug = o.identify({ rxcui: c.rxcui, ndc: c.ndc });
        if (drug === undefined) {
          unidentified++;
          drug = c.rxcui ? `rxcui:${c.rxcui}` : `ndc:${c.ndc}`;
          if (unknownCodes.size < 50) unknownCodes.add(drug);
        }
        return { day: c.day, drug, cost: c.totalCost };
      });
      const member: TargetMember = {
        id: m.memberId, enrollStart: m.enrollStart, enrollEnd: m.enrollEnd, deathDay: m.deathDay, dmpAtRisk: m.dmpAtRisk, dmpDay: m.dmpDay, fills,
        conditions: (conditionsBy.get(m.memberId)?.rows ?? []).map((c) => ({ code: c.code, system: c.system, onsetDay: c.onsetDay })),
      };
      const r = targetPartdMember(member, o.program, o.asOf);
      if (unidentified) r.notes.push(`${unidentified} fill${unidentified > 1 ? 's' : ''} with a product code the knowledge base does not know, counted as a drug by code`);
      summary.unidentifiedClaims += unidentified;
      if (r.annualCost === null && r.evaluatedDay !== undefined) summary.costUnknownMembers++;
      if (r.eligible) {
        summary.eligible++;
        summary.byReason[r.reason] = (summary.byReason[r.reason] ?? 0) + 1;
      }
      if (!out.write(targetLine(r))) await new Promise<void>((res) => out.once('drain', () => res()));
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    fs.renameSync(tmp, o.out);
  } catch (err) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  summary.unidentifiedCodes = [...unknownCodes];
  return summary;
}
