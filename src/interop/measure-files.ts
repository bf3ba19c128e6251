// Rows of the file-based measures input (issue 4 conventions): claims, members and inpatient stays as CSV.
// Pure row parsers: each returns a typed row or a located problem (column and reason); the job adds file and line.
import { isoDateDay } from '../domain/codes.ts';

export const CLAIM_COLUMNS = ['member_id', 'fill_date', 'rxcui', 'ndc', 'days_supply', 'quantity'] as const;
/** Optional claim columns: a claim id (else the claim's content is its identity) and paid/reversed status. */
export const CLAIM_OPTIONAL = ['claim_id', 'status'] as const;
export const MEMBER_COLUMNS = ['member_id', 'birth_date'] as const;
export const MEMBER_OPTIONAL = ['enroll_start', 'enroll_end', 'death_date', 'hospice', 'esrd'] as const;
export const INPATIENT_COLUMNS = ['member_id', 'admit_date', 'discharge_date'] as const;

export type RowProblem = { column: string; message: string };
export type Parsed<T> = { ok: true; row: T } | { ok: false; problem: RowProblem };

export type ClaimRow = {
  memberId: string; day: number; rxcui: string | null; ndc: string | null; daysSupply: number; quantity: number;
  /** The file's claim id; null when the file has none (the claim's content is then its identity). */
  claimId: string | null;
  /** A reversal cancels the paid claim with the same identity. */
  reversed: boolean;
};
export type MemberRow = {
  memberId: string;
  birthDay: number;
  enrollStart: number | undefined;
  enrollEnd: number | undefined;
  deathDay: number | undefined;
  hospice: boolean;
  esrd: boolean;
};
export type InpatientRow = { memberId: string; admit: number; discharge: number };

const fail = (column: string, message: string): { ok: false; problem: RowProblem } => ({ ok: false, problem: { column, message } });

function date(value: string | undefined, column: string, required: boolean): number | undefined | RowProblem {
  const v = (value ?? '').trim();
  if (v === '') return required ? { column, message: 'is required (YYYY-MM-DD)' } : undefined;
  const day = isoDateDay(v);
  return day ?? { column, message: `expected a real date as YYYY-MM-DD, got "${v}"` };
}

function flag(value: string | undefined, column: string): boolean | RowProblem {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'n' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'y' || v === 'true' || v === 'yes') return true;
  return { column, message: `expected 1/0, Y/N or true/false, got "${value}"` };
}

const isProblem = (v: unknown): v is RowProblem => typeof v === 'object' && v !== null && 'message' in v;

type ClaimIndex = Record<(typeof CLAIM_COLUMNS)[number], number> & { [K in (typeof CLAIM_OPTIONAL)[number]]?: number | undefined };

export function parseClaim(f: readonly string[], idx: ClaimIndex): Parsed<ClaimRow> {
  const memberId = (f[idx.member_id] ?? '').trim();
  if (!memberId) return fail('member_id', 'is required');
  const day = date(f[idx.fill_date], 'fill_date', true);
  if (isProblem(day)) return { ok: false, problem: day };
  const rxcui = (f[idx.rxcui] ?? '').trim() || null;
  const ndc = (f[idx.ndc] ?? '').trim().replace(/-/g, '') || null;
  if (rxcui !== null && !/^[0-9]{1,8}$/.test(rxcui)) return fail('rxcui', `expected an RxNorm RXCUI (digits), got "${rxcui}"`);
  if (ndc !== null && !/^[0-9]{11}$/.test(ndc)) return fail('ndc', `expected an 11-digit NDC, got "${f[idx.ndc]}"`);
  if (rxcui === null && ndc === null) return fail('rxcui', 'either rxcui or ndc is required');
  const ds = Number((f[idx.days_supply] ?? '').trim());
  if (!Number.isInteger(ds) || ds < 1 || ds > 365) return fail('days_supply', `expected a whole number of days 1-365, got "${f[idx.days_supply] ?? ''}"`);
  const qtyText = (f[idx.quantity] ?? '').trim();
  const quantity = Number(qtyText);
  if (qtyText === '' || !Number.isFinite(quantity) || quantity <= 0) return fail('quantity', `expected a positive number, got "${qtyText}"`);
  const status = (idx.status === undefined ? '' : (f[idx.status] ?? '').trim().toLowerCase()) || 'paid';
  if (status !== 'paid' && status !== 'reversed') return fail('status', `expected paid or reversed, got "${status}"`);
  const claimId = (idx.claim_id === undefined ? '' : (f[idx.claim_id] ?? '').trim()) || null;
  return { ok: true, row: { memberId, day: day!, rxcui, ndc, daysSupply: ds, quantity, claimId, reversed: status === 'reversed' } };
}

/** The cell of an optional column (undefined when the file has no such column). */
const cell = (f: readonly string[], i: number | undefined) => (i === undefined ? undefined : f[i]);

export function parseMember(
  f: readonly string[],
  idx: Record<(typeof MEMBER_COLUMNS)[number], number> & Record<(typeof MEMBER_OPTIONAL)[number], number | undefined>,
): Parsed<MemberRow> {
  const memberId = (f[idx.member_id] ?? '').trim();
  if (!memberId) return fail('member_id', 'is required');
  const birth = date(f[idx.birth_date], 'birth_date', true);
  const start = date(cell(f, idx.enroll_start), 'enroll_start', false);
  const end = date(cell(f, idx.enroll_end), 'enroll_end', false);
  const death = date(cell(f, idx.death_date), 'death_date', false);
  const hospice = flag(cell(f, idx.hospice), 'hospice');
  const esrd = flag(cell(f, idx.esrd), 'esrd');
  for (const v of [birth, start, end, death, hospice, esrd]) if (isProblem(v)) return { ok: false, problem: v };
  if (typeof start === 'number' && typeof end === 'number' && end < start) return fail('enroll_end', 'is before enroll_start');
  return {
    ok: true,
    row: { memberId, birthDay: birth as number, enrollStart: start as number | undefined, enrollEnd: end as number | undefined, deathDay: death as number | undefined, hospice: hospice as boolean, esrd: esrd as boolean },
  };
}

export function parseInpatient(f: readonly string[], idx: Record<(typeof INPATIENT_COLUMNS)[number], number>): Parsed<InpatientRow> {
  const memberId = (f[idx.member_id] ?? '').trim();
  if (!memberId) return fail('member_id', 'is required');
  const admit = date(f[idx.admit_date], 'admit_date', true);
  const discharge = date(f[idx.discharge_date], 'discharge_date', true);
  if (isProblem(admit)) return { ok: false, problem: admit };
  if (isProblem(discharge)) return { ok: false, problem: discharge };
  if (discharge! < admit!) return fail('discharge_date', 'is before admit_date');
  return { ok: true, row: { memberId, admit: admit!, discharge: discharge! } };
}
