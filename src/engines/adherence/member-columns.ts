// One member's measure inputs as columns of numbers: the form the measure engine evaluates. The population engine
// fills these straight from claim records (no object per fill); `columnsFromMember` builds them from the readable
// Member shape the chart and the tests use. Drug keys become small integers: equal id = same drug for shifting.
import { MEASURE_CLASSES } from '../../knowledge/measure-class-ingredients.ts';
import { MEMBER_EXCLUSIONS, type MeasureClass, type Member, type MemberExclusion } from './member.ts';

export const CLASS_COUNT = MEASURE_CLASSES.length;
export const CLASS_INDEX = Object.fromEntries(MEASURE_CLASSES.map((c, i) => [c, i])) as Record<MeasureClass, number>;

/** Bit of each exclusion in MemberColumns.exclusions. */
export const EXCLUSION_BIT = Object.fromEntries(MEMBER_EXCLUSIONS.map((e, i) => [e, 1 << i])) as Record<MemberExclusion, number>;

export function exclusionBits(set: Iterable<MemberExclusion>): number {
  let bits = 0;
  for (const e of set) bits |= EXCLUSION_BIT[e];
  return bits;
}

export type MemberColumns = {
  birthDay: number;
  deathDay: number | undefined;
  /** As Member.enrollment: spans [start, end] (end undefined = open); undefined = enrollment not known. */
  enrollment: readonly (readonly [number, number | undefined])[] | undefined;
  /** EXCLUSION_BIT flags. */
  exclusions: number;
  /** Inpatient stays as [admit, discharge] pairs: stays[2s], stays[2s+1]. */
  stays: ArrayLike<number>;
  stayCount: number;
  fillCount: number;
  day: Int32Array;
  supply: Int32Array;
  /** drug[k * CLASS_COUNT + c]: id of fill k's drug within class c (MEASURE_CLASSES order), -1 when not in c. */
  drug: Int32Array;
};

/** Builds the columns for a Member, interning its class keys ("lisinopril") as ids. */
export function columnsFromMember(m: Member): MemberColumns {
  const n = m.fills.length;
  const ids = new Map<string, number>();
  const drug = new Int32Array(n * CLASS_COUNT).fill(-1);
  const day = new Int32Array(n);
  const supply = new Int32Array(n);
  m.fills.forEach((f, k) => {
    day[k] = f.day;
    supply[k] = f.daysSupply;
    for (const [cls, key] of Object.entries(f.classes) as [MeasureClass, string | undefined][]) {
      if (key === undefined) continue;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      drug[k * CLASS_COUNT + CLASS_INDEX[cls]] = id;
    }
  });
  return {
    birthDay: m.birthDay, deathDay: m.deathDay, enrollment: m.enrollment, exclusions: exclusionBits(m.exclusions),
    stays: m.inpatient.flat(), stayCount: m.inpatient.length, fillCount: n, day, supply, drug,
  };
}
