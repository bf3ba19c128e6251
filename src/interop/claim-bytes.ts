// Reading claim rows straight from the bytes of a claims CSV (the layout of interop/measure-files.ts), for the
// population engine: no string per field, no array per row. It handles the plain rows that make up nearly every
// real file and declines anything else (quotes, spaces, hyphenated NDCs, decimals it would have to round, bad
// values); the caller then hands that line to parseClaim, which gives the same row or the located problem. So the
// rules live in one place and this is only a faster way to the same answer for the common case.
import { dayFromCivil, daysInMonth } from '../domain/days.ts';

/** Column positions in the header; -1 = column absent. */
export type ClaimLayout = {
  member: number; date: number; rxcui: number; ndc: number; supply: number; quantity: number;
  claimId: number; status: number; cost: number;
};

/** One parsed row; reused for every line. */
export class ClaimCells {
  memberStart = 0;
  memberEnd = 0;
  day = 0;
  /** -1 = none. */
  rxcui = -1;
  /** NaN = none. An 11-digit NDC fits a double exactly. */
  ndc = NaN;
  supply = 0;
  quantity = 0;
  reversed = false;
  /** Claim id bytes [idStart, idEnd); idStart = -1 when the row has none. */
  idStart = -1;
  idEnd = -1;
  /** Gross cost in dollars; NaN = not given. */
  cost = NaN;
}

const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whole number from digits [a, b); -1 when empty, too long or not all digits. */
function digits(b: Uint8Array, a: number, e: number, maxLen: number): number {
  if (e <= a || e - a > maxLen) return -1;
  let v = 0;
  for (let i = a; i < e; i++) {
    const c = b[i]!;
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Day numbers by calendar date, filled as dates are first seen: a claims file has a few thousand distinct dates. */
const DAY_UNSET = -2147483648;
const DAY_INVALID = -2147483647;
const FIRST_YEAR = 1850;
const LAST_YEAR = 2299;
const dayTable = new Int32Array((LAST_YEAR - FIRST_YEAR + 1) * 512).fill(DAY_UNSET);

/** The digit at b[i], or -1. */
const dig = (b: Uint8Array, i: number) => {
  const d = b[i]! - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** YYYY-MM-DD as a day number, or NaN unless it is a real date from 1850 on (the rule of domain/codes isIsoDate). */
function date(b: Uint8Array, a: number, e: number): number {
  if (e - a !== 10 || b[a + 4] !== 45 || b[a + 7] !== 45) return NaN;
  const y3 = dig(b, a), y2 = dig(b, a + 1), y1 = dig(b, a + 2), y0 = dig(b, a + 3);
  const m1 = dig(b, a + 5), m0 = dig(b, a + 6), d1 = dig(b, a + 8), d0 = dig(b, a + 9);
  if ((y3 | y2 | y1 | y0 | m1 | m0 | d1 | d0) < 0) return NaN;
  const y = y3 * 1000 + y2 * 100 + y1 * 10 + y0;
  const m = m1 * 10 + m0;
  const d = d1 * 10 + d0;
  if (y < FIRST_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  if (y > LAST_YEAR) return d <= daysInMonth(y, m) ? dayFromCivil(y, m, d) : NaN;
  const k = (y - FIRST_YEAR) * 512 + m * 32 + d;
  let day = dayTable[k]!;
  if (day === DAY_UNSET) day = dayTable[k] = d <= daysInMonth(y, m) ? dayFromCivil(y, m, d) : DAY_INVALID;
  return day === DAY_INVALID ? NaN : day;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A decimal of digits with at most one point ("30", "2.5", "5.69"), or NaN when the field is anything else. The
 * digits are read as one whole number and divided once by a power of ten: both are exact doubles (up to 15 digits),
 * so the division is correctly rounded — exactly the double Number() gives for the same text.
 */
function positiveDecimal(b: Uint8Array, a: number, e: number): number {
  if (e <= a || e - a > 16) return NaN;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (let i = a; i < e; i++) {
    const c = b[i]!;
    if (c === DOT && dot < 0) dot = i;
    else if (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
    } else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  return dot < 0 ? m : m / POW10[e - dot - 1]!;
}

const fieldStart = new Int32Array(64);
const fieldEnd = new Int32Array(64);

/**
 * Parses the line [start, end) (without its line break) into `out`. Returns false when the line must go to the
 * string parser instead (see the header comment); `out` is then unspecified.
 */
export function readClaimLine(b: Uint8Array, start: number, end: number, l: ClaimLayout, need: number, out: ClaimCells): boolean {
  let f = 0;
  let a = start;
  for (let i = start; i < end && f < need; i++) {
    const c = b[i]!;
    if (c > COMMA) continue; // digits, letters, '-' and '.': one comparison for nearly every byte
    if (c === QUOTE) return false;
    if (c === COMMA) {
      fieldStart[f] = a;
      fieldEnd[f++] = i;
      a = i + 1;
    }
  }
  if (f < need) {
    fieldStart[f] = a;
    fieldEnd[f++] = end;
  }
  if (f < need) return false;
  // Member id: any bytes (the scan above refused quotes) but no surrounding blanks, which the string parser trims.
  const ms = fieldStart[l.member]!;
  const me = fieldEnd[l.member]!;
  if (me <= ms || b[ms]! <= 32 || b[me - 1]! <= 32) return false;
  out.memberStart = ms;
  out.memberEnd = me;
  out.day = date(b, fieldStart[l.date]!, fieldEnd[l.date]!);
  if (Number.isNaN(out.day)) return false;
  const rs = fieldStart[l.rxcui]!;
  const re = fieldEnd[l.rxcui]!;
  out.rxcui = re === rs ? -1 : digits(b, rs, re, 8);
  if (re !== rs && out.rxcui < 0) return false;
  const ns = fieldStart[l.ndc]!;
  const ne = fieldEnd[l.ndc]!;
  if (ne !== ns && ne - ns !== 11) return false;
  const ndc = ne === ns ? -1 : digits(b, ns, ne, 11);
  if (ne !== ns && ndc < 0) return false;
  out.ndc = ndc < 0 ? NaN : ndc;
  if (out.rxcui < 0 && ndc < 0) return false;
  out.supply = digits(b, fieldStart[l.supply]!, fieldEnd[l.supply]!, 3);
  if (out.supply < 1 || out.supply > 365) return false;
  out.quantity = positiveDecimal(b, fieldStart[l.quantity]!, fieldEnd[l.quantity]!);
  if (!(out.quantity > 0)) return false;
  out.reversed = false;
  if (l.status >= 0) {
    const len = fieldEnd[l.status]! - fieldStart[l.status]!;
    const s0 = b[fieldStart[l.status]!];
    if (len === 8 && s0 === 114 /* r */ && matches(b, fieldStart[l.status]!, 'reversed')) out.reversed = true;
    else if (!(len === 0 || (len === 4 && matches(b, fieldStart[l.status]!, 'paid')))) return false;
  }
  out.idStart = -1;
  if (l.claimId >= 0) {
    const is = fieldStart[l.claimId]!;
    const ie = fieldEnd[l.claimId]!;
    if (ie > is) {
      if (b[is]! <= 32 || b[ie - 1]! <= 32) return false;
      out.idStart = is;
      out.idEnd = ie;
    }
  }
  out.cost = NaN;
  if (l.cost >= 0 && fieldEnd[l.cost]! > fieldStart[l.cost]!) {
    const cost = positiveDecimal(b, fieldStart[l.cost]!, fieldEnd[l.cost]!);
    if (!(cost >= 0) || cost > 10_000_000 || b[fieldEnd[l.cost]! - 1] === DOT || b[fieldStart[l.cost]!] === DOT) return false;
    out.cost = cost;
  }
  return true;
}

function matches(b: Uint8Array, a: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (b[a + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** How many leading fields a line must have for the layout. */
export function fieldsNeeded(l: ClaimLayout): number {
  return Math.max(l.member, l.date, l.rxcui, l.ndc, l.supply, l.quantity, l.claimId, l.status, l.cost) + 1;
}

// Claim identity, as two 32-bit halves: what makes two rows "the same claim" for duplicates and reversals. A claim
// id when the file has one (hashed from its UTF-8 bytes), else the claim's content, as openmtm import-claims does.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of bytes [a, e) into out[0], out[1] (two independent 32-bit hashes: FNV-1a and a multiply-rotate). */
export function hashBytes(b: Uint8Array, a: number, e: number, out: Int32Array): void {
  let h1 = FNV_OFFSET;
  let h2 = 0x9747b28c;
  for (let i = a; i < e; i++) {
    h1 = Math.imul(h1 ^ b[i]!, FNV_PRIME);
    h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x5bd1e995) ^ b[i]!;
  }
  out[0] = h1;
  out[1] = h2 ^ 0x5f3759df; // tagged so a claim id never equals a content identity by construction
}

const f64 = new Float64Array(1);
const f64Bits = new Int32Array(f64.buffer);
// Hash state as module variables, not a closure: a closure made per call costs more than the hashing (and tsx
// wraps every one it makes).
let c1 = 0;
let c2 = 0;

function mix(v: number): void {
  c1 = Math.imul(c1 ^ v, FNV_PRIME);
  c2 = Math.imul((c2 << 7) | (c2 >>> 25), 0x5bd1e995) ^ v;
}

function mixDouble(v: number): void {
  f64[0] = v;
  mix(f64Bits[0]!);
  mix(f64Bits[1]!);
}

/** Identity of a claim without an id: its date, product codes, days' supply and quantity. */
export function hashContent(day: number, rxcui: number, ndc: number, supply: number, quantity: number, out: Int32Array): void {
  c1 = FNV_OFFSET;
  c2 = 0x12345678;
  mix(day);
  mix(rxcui);
  mixDouble(ndc);
  mix(supply);
  mixDouble(quantity);
  out[0] = c1;
  out[1] = c2;
}
