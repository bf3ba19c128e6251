// Rows of the file-based targeting input (issue 5): the measures claims and members CSVs (interop/measure-files.ts)
// plus a claims column `total_cost`, members columns `dmp_at_risk` (and optional `dmp_date`), and a conditions CSV
// `member_id,code,system,onset_date`. Pure row parsers: a typed row or a located problem (column and reason).
import { isIsoDate } from '../domain/codes.ts';
import { isoDay, toDay } from '../domain/days.ts';
import type { TargetResult } from '../engines/targeting/partd.ts';
import type { ConditionSystem } from '../knowledge/targeting/core-diseases.ts';
import { normalizeIcd10 } from '../knowledge/targeting/core-diseases.ts';
import { CLAIM_COLUMNS, MEMBER_COLUMNS, MEMBER_OPTIONAL, parseClaim, parseMember, type ClaimRow, type MemberRow, type Parsed } from './measure-files.ts';

export const TARGET_CLAIM_COLUMNS = [...CLAIM_COLUMNS, 'total_cost'] as const;
export const TARGET_MEMBER_COLUMNS = [...MEMBER_COLUMNS, 'dmp_at_risk'] as const;
export const TARGET_MEMBER_OPTIONAL = [...MEMBER_OPTIONAL, 'dmp_date'] as const;
export const CONDITION_COLUMNS = ['member_id', 'code', 'system', 'onset_date'] as const;

export type TargetClaimRow = ClaimRow & { totalCost: number | null };
export type TargetMemberRow = MemberRow & { dmpAtRisk: boolean; dmpDay: number | undefined };
export type ConditionRow = { memberId: string; code: string; system: ConditionSystem; onsetDay: number | undefined };

type Idx<R extends string, O extends string = never> = Record<R, number> & Record<O, number | undefined>;

const fail = (column: string, message: string): { ok: false; problem: { column: string; message: string } } => ({ ok: false, problem: { column, message } });

/** Largest gross cost accepted for one fill: a typo guard, well above any single Part D claim. */
const MAX_FILL_COST = 10_000_000;

/** Empty total_cost = not known (the engine then treats the member's projected cost as unknown). */
export function parseTargetClaim(f: readonly string[], idx: Idx<(typeof TARGET_CLAIM_COLUMNS)[number]>): Parsed<TargetClaimRow> {
  const base = parseClaim(f, idx);
  if (!base.ok) return base;
  const text = (f[idx.total_cost] ?? '').trim().replace(/^\$/, '');
  if (text === '') return { ok: true, row: { ...base.row, totalCost: null } };
  const cost = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(cost) || cost > MAX_FILL_COST) {
    return fail('total_cost', `expected the fill's gross drug cost in dollars (0 or more, e.g. 42.17), or empty if unknown, got "${f[idx.total_cost] ?? ''}"`);
  }
  return { ok: true, row: { ...base.row, totalCost: cost } };
}

export function parseTargetMember(
  f: readonly string[],
  idx: Idx<(typeof TARGET_MEMBER_COLUMNS)[number], (typeof TARGET_MEMBER_OPTIONAL)[number]>,
): Parsed<TargetMemberRow> {
  const base = parseMember(f, idx);
  if (!base.ok) return base;
  const dmpText = (f[idx.dmp_at_risk] ?? '').trim().toLowerCase();
  let dmpAtRisk: boolean;
  if (dmpText === '' || dmpText === '0' || dmpText === 'n' || dmpText === 'no' || dmpText === 'false') dmpAtRisk = false;
  else if (dmpText === '1' || dmpText === 'y' || dmpText === 'yes' || dmpText === 'true') dmpAtRisk = true;
  else return fail('dmp_at_risk', `expected 1/0, Y/N or true/false, got "${f[idx.dmp_at_risk] ?? ''}"`);
  const dateText = idx.dmp_date === undefined ? '' : (f[idx.dmp_date] ?? '').trim();
  if (dateText !== '' && !isIsoDate(dateText)) return fail('dmp_date', `expected a real date as YYYY-MM-DD, got "${dateText}"`);
  if (dateText !== '' && !dmpAtRisk) return fail('dmp_date', 'is set but dmp_at_risk is not 1');
  return { ok: true, row: { ...base.row, dmpAtRisk, dmpDay: dateText === '' ? undefined : toDay(dateText) } };
}

const ICD10 = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/;
const SNOMED = /^[1-9][0-9]{5,17}$/;
const SYSTEMS: Record<string, ConditionSystem> = { icd10: 'icd10', icd10cm: 'icd10', 'icd-10-cm': 'icd10', snomed: 'snomed', snomedct: 'snomed', 'snomed-ct': 'snomed' };

/** Empty onset_date = onset not recorded (the engine takes the condition as present from the period start). */
export function parseCondition(f: readonly string[], idx: Idx<(typeof CONDITION_COLUMNS)[number]>): Parsed<ConditionRow> {
  const memberId = (f[idx.member_id] ?? '').trim();
  if (!memberId) return fail('member_id', 'is required');
  const systemText = (f[idx.system] ?? '').trim().toLowerCase();
  const system = SYSTEMS[systemText];
  if (!system) return fail('system', `expected icd10 or snomed, got "${f[idx.system] ?? ''}"`);
  const raw = (f[idx.code] ?? '').trim();
  if (!raw) return fail('code', 'is required');
  const code = system === 'icd10' ? normalizeIcd10(raw) : raw;
  if (system === 'icd10' && !ICD10.test(code)) return fail('code', `expected an ICD-10-CM code such as E11.9, got "${raw}"`);
  if (system === 'snomed' && !SNOMED.test(code)) return fail('code', `expected a SNOMED CT concept id (6-18 digits), got "${raw}"`);
  const onset = (f[idx.onset_date] ?? '').trim();
  if (onset !== '' && !isIsoDate(onset)) return fail('onset_date', `expected a real date as YYYY-MM-DD, got "${onset}"`);
  return { ok: true, row: { memberId, code, system, onsetDay: onset === '' ? undefined : toDay(onset) } };
}

/** The targeting output (`openmtm target`, the database run's CSV export): one row per member. */
export const TARGET_OUTPUT_HEADER = 'member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met,notes';

export const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function targetLine(r: TargetResult): string {
  return [
    csvCell(r.memberId), r.eligible ? '1' : '0', r.reason, r.coreDiseases.join(';'), String(r.drugCount),
    r.annualCost === null ? '' : r.annualCost.toFixed(2), r.dateMet === undefined ? '' : isoDay(r.dateMet), csvCell(r.notes.join('; ')),
  ].join(',') + '\n';
}
