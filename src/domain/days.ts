// Calendar arithmetic on whole days (days since 1970-01-01, UTC), shared by the generator and the engines:
// millions of fill dates are handled per run, and day numbers index typed arrays. Formatting is cached since only
// a few tens of thousands of distinct days ever occur.

const MS_PER_DAY = 86_400_000;
const cache = new Map<number, string>();

/** 'YYYY-MM-DD' → day number. Throws on a malformed date: the caller passes asOf from validated input. */
export function toDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got ${iso}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

/** Day number → 'YYYY-MM-DD'. */
export function isoDay(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (cache.size < 200_000) cache.set(day, s);
  }
  return s;
}

/** Day number of the first day of the day's month, shifted by `months`. */
export function monthStart(day: number, months = 0): number {
  const d = new Date(day * MS_PER_DAY);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / MS_PER_DAY);
}

/** Last day of the day's month. */
export function monthEnd(day: number): number {
  return monthStart(day, 1) - 1;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Day number of 1 January of `year`. */
export function yearStart(year: number): number {
  return Math.round(Date.UTC(year, 0, 1) / MS_PER_DAY);
}

/** YYYYMMDD as a number for a day number (civil-from-days, H. Hinnant): no Date object, as engines call it per member. */
function civilNumber(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

/** Whole years between a birth day and another day (age on that day). */
export function ageOn(birthDay: number, day: number): number {
  const b = civilNumber(birthDay);
  const d = civilNumber(day);
  let age = Math.floor(d / 10000) - Math.floor(b / 10000);
  if (d % 10000 < b % 10000) age--;
  return age;
}

/** The day someone born on birthDay turns `years` old (29 Feb birthdays fall on 1 Mar). */
export function birthdayAt(birthDay: number, years: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  return Math.round(Date.UTC(b.getUTCFullYear() + years, b.getUTCMonth(), b.getUTCDate()) / MS_PER_DAY);
}

/** Day number of a calendar date given as numbers (month 1-12), without a Date object: the byte-level claim reader
 * calls it for every row. Days-from-civil (H. Hinnant); equals toDay for every valid date. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in a month (1-12) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
