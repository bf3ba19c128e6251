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

/** Whole years between a birth day and another day (age on that day). */
export function ageOn(birthDay: number, day: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  const d = new Date(day * MS_PER_DAY);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

/** The day someone born on birthDay turns `years` old (29 Feb birthdays fall on 1 Mar). */
export function birthdayAt(birthDay: number, years: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  return Math.round(Date.UTC(b.getUTCFullYear() + years, b.getUTCMonth(), b.getUTCDate()) / MS_PER_DAY);
}
