// Format and check-digit validation for the code systems OpenMTM stores. Pure; no lookup tables.
import { dayFromCivil, daysInMonth } from './days.ts';

/** Luhn mod-10 over a digit string whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit to append to `digits`. */
export function luhnCheckDigit(digits: string): number {
  for (let c = 0; c < 10; c++) if (luhnValid(digits + String(c))) return c;
  throw new Error('unreachable');
}

/** NPI: 10 digits, Luhn over the ISO prefix 80840 + the number (CMS NPI check digit rule). */
export function isValidNpi(npi: string): boolean {
  return /^[0-9]{10}$/.test(npi) && luhnValid('80840' + npi);
}

/** LOINC code: digits, hyphen, mod-10 check digit (LOINC Users' Guide, check digit algorithm). */
export function isValidLoinc(code: string): boolean {
  const m = /^([0-9]{1,7})-([0-9])$/.exec(code);
  return m !== null && luhnValid(m[1]! + m[2]!);
}

export const RXCUI_PATTERN = /^[0-9]{1,8}$/;
export const NDC11_PATTERN = /^[0-9]{11}$/;
/** ICD-10-CM: letter (not U), digit, alphanumeric, optional dot and up to 4 more characters. */
export const ICD10CM_PATTERN = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;
/** SNOMED CT concept id: 6 to 18 digits, no leading zero. */
export const SNOMED_PATTERN = /^[1-9][0-9]{5,17}$/;
export const CVX_PATTERN = /^[0-9]{1,3}$/;

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR',
  'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'VI', 'GU', 'AS', 'MP',
] as const;

/** A real calendar date written YYYY-MM-DD (rejects 2023-02-29), from 1850 on. */
export function isIsoDate(s: string): boolean {
  return isoDateDay(s) !== undefined;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/** The day number of a real YYYY-MM-DD date from 1850 on, else undefined. Character arithmetic, no regex or Date:
 * claim and member files have millions of dates. */
export function isoDateDay(s: string): number | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (!(y >= 1850) || !(m >= 1 && m <= 12) || !(d >= 1 && d <= daysInMonth(y, m))) return undefined;
  return dayFromCivil(y, m, d);
}
