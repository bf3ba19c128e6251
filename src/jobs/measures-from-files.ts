// `openmtm measures --claims F --members F --year Y --out F [--inpatient F]`: the six measures from files, no
// database. Reads and validates every input first (located errors, up to 20, and no output file at all on any
// error), then evaluates each member and writes the results CSV through a temporary file renamed at the end.
// v1 holds the claims in memory grouped by member; the sharded, typed-array population engine is issue 4's next step.
import fs from 'node:fs';
import path from 'node:path';
import type { MeasureResult } from '../engines/adherence/measures.ts';
import { measureReport } from '../engines/adherence/report.ts';
import { isoDay } from '../domain/days.ts';
import { DEFAULT_SETTINGS, type MeasureClass, type Member, type MemberExclusion, type MemberFill, type MeasureSettings } from '../engines/adherence/member.ts';
import { headerIndex } from '../interop/csv.ts';
import { InputProblems, readCsv } from './csv-input.ts';
import {
  CLAIM_COLUMNS,
  INPATIENT_COLUMNS,
  MEMBER_COLUMNS,
  MEMBER_OPTIONAL,
  parseClaim,
  parseInpatient,
  parseMember,
  type ClaimRow,
  type InpatientRow,
  type MemberRow,
  type Parsed,
} from '../interop/measure-files.ts';

/** Per measure class, the ingredient key of a product (undefined = product not in that class); undefined = unknown code. */
export type ProductClassifier = (code: { rxcui: string | null; ndc: string | null }) => Partial<Record<MeasureClass, string>> | undefined;

export type MeasuresFromFilesOptions = {
  claims: string;
  members: string;
  inpatient?: string | undefined;
  out: string;
  year: number;
  classify: ProductClassifier;
  settings?: Partial<Omit<MeasureSettings, 'year'>>;
  /** Today, as a day number: refill deadlines are computed for periods still running on this day. */
  asOf: number;
  /** Where to write the rescue list: members below the threshold who reach it with one refill by a date. */
  rescueOut?: string | undefined;
};

type RescueRow = { memberId: string; measure: string; pdc: number; lastDay: number };

export type MeasuresSummary = {
  members: number;
  claims: number;
  unclassifiedClaims: number;
  unclassifiedCodes: string[];
  rates: Record<string, { denominator: number; numerator: number; rate: number | null }>;
  rescue: number;
};


function toMember(m: MemberRow, claims: readonly ClaimRow[], stays: readonly InpatientRow[], classify: ProductClassifier, unknown: Set<string>): { member: Member; unclassified: number } {
  const fills: MemberFill[] = [];
  let unclassified = 0;
  for (const c of claims) {
    const classes = classify({ rxcui: c.rxcui, ndc: c.ndc });
    if (classes === undefined) {
      unclassified++;
      if (unknown.size < 50) unknown.add(c.rxcui ? `rxcui ${c.rxcui}` : `ndc ${c.ndc}`);
      continue;
    }
    if (Object.keys(classes).length) fills.push({ day: c.day, daysSupply: c.daysSupply, classes });
  }
  const exclusions = new Set<MemberExclusion>();
  if (m.hospice) exclusions.add('hospice');
  if (m.esrd) exclusions.add('esrd');
  const enrollment = m.enrollStart === undefined ? undefined : [[m.enrollStart, m.enrollEnd] as const];
  return {
    member: { id: m.memberId, birthDay: m.birthDay, deathDay: m.deathDay, enrollment, exclusions, fills, inpatient: stays.map((s) => [s.admit, s.discharge] as const) },
    unclassified,
  };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function measuresFromFiles(o: MeasuresFromFilesOptions): Promise<MeasuresSummary> {
  const problems = new InputProblems('no results were written');
  const members = new Map<string, MemberRow>();
  await readCsv(o.members, (h) => headerIndex(h, MEMBER_COLUMNS, MEMBER_OPTIONAL), parseMember, problems, (r, line) => {
    if (members.has(r.memberId)) problems.add(o.members, line, 'member_id', `member ${r.memberId} appears twice`);
    members.set(r.memberId, r);
  });
  const claimsBy = new Map<string, ClaimRow[]>();
  const firstLine = new Map<string, number>();
  const claimCount = await readCsv(o.claims, (h) => headerIndex(h, CLAIM_COLUMNS), parseClaim, problems, (r, line) => {
    const list = claimsBy.get(r.memberId);
    if (list) list.push(r);
    else {
      claimsBy.set(r.memberId, [r]);
      firstLine.set(r.memberId, line);
    }
  });
  const staysBy = new Map<string, InpatientRow[]>();
  if (o.inpatient) {
    await readCsv(o.inpatient, (h) => headerIndex(h, INPATIENT_COLUMNS), parseInpatient, problems, (r) => {
      const list = staysBy.get(r.memberId);
      if (list) list.push(r);
      else staysBy.set(r.memberId, [r]);
    });
  }
  problems.throwIfAny();
  // Claims for members missing from the members file cannot be evaluated (no birth date): that is an input error.
  for (const id of claimsBy.keys()) {
    if (!members.has(id)) problems.add(o.claims, firstLine.get(id)!, 'member_id', `member ${id} has claims but is not in ${path.basename(o.members)}`);
  }
  problems.throwIfAny();

  const settings: MeasureSettings = { ...DEFAULT_SETTINGS, ...o.settings, year: o.year };
  const tmp = path.join(path.dirname(o.out), `.${path.basename(o.out)}.${process.pid}.tmp`);
  const outStream = fs.createWriteStream(tmp, 'utf8');
  const unknown = new Set<string>();
  let unclassifiedClaims = 0;
  const rates: MeasuresSummary['rates'] = {};
  const rescue: RescueRow[] = [];
  try {
    outStream.write('member_id,measure,in_denominator,reason,pdc,numerator,covered_days,period_days,unclassified_claims\n');
    for (const m of members.values()) {
      const { member, unclassified } = toMember(m, claimsBy.get(m.memberId) ?? [], staysBy.get(m.memberId) ?? [], o.classify, unknown);
      unclassifiedClaims += unclassified;
      for (const r of measureReport(member, settings, o.asOf)) {
        if (r.refill?.status === 'refill-by' && r.numerator === 0) rescue.push({ memberId: m.memberId, measure: r.measure, pdc: r.pdc ?? 0, lastDay: r.refill.lastDay });
        const rate = (rates[r.measure] ??= { denominator: 0, numerator: 0, rate: null });
        if (r.inDenominator) {
          rate.denominator++;
          rate.numerator += r.numerator;
        }
        if (!outStream.write(resultLine(m.memberId, r, unclassified))) await new Promise<void>((res) => outStream.once('drain', () => res()));
      }
    }
    await new Promise<void>((res, rej) => outStream.end((err?: Error | null) => (err ? rej(err) : res())));
    if (o.rescueOut) writeRescue(o.rescueOut, rescue, o.asOf);
    fs.renameSync(tmp, o.out);
  } catch (err) {
    outStream.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  for (const r of Object.values(rates)) r.rate = r.denominator ? r.numerator / r.denominator : null;
  return { members: members.size, claims: claimCount, unclassifiedClaims, unclassifiedCodes: [...unknown], rates, rescue: rescue.length };
}

/** Most urgent first: the fewest days left to refill, then the lowest PDC. */
function writeRescue(file: string, rows: RescueRow[], asOf: number): void {
  rows.sort((a, b) => a.lastDay - b.lastDay || a.pdc - b.pdc);
  const lines = ['rank,member_id,measure,pdc_if_no_refill,refill_by,days_left'];
  rows.forEach((r, i) => lines.push([i + 1, csvCell(r.memberId), r.measure, r.pdc.toFixed(6), isoDay(r.lastDay), r.lastDay - asOf].join(',')));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n') + '\n');
  fs.renameSync(tmp, file);
}

function resultLine(memberId: string, r: MeasureResult, unclassified: number): string {
  return [
    csvCell(memberId), r.measure, r.inDenominator ? '1' : '0', r.reason, r.pdc === null ? '' : r.pdc.toFixed(6), String(r.numerator),
    r.coveredDays ?? '', r.periodDays ?? '', String(unclassified),
  ].join(',') + '\n';
}

