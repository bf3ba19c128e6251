// Services take the time from a Clock so tests can freeze it. Engines never read a clock: they get `asOf`.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceMinutes(m: number): void } {
  let t = new Date(iso);
  return {
    now: () => new Date(t),
    set(v: string) {
      t = new Date(v);
    },
    advanceMinutes(m: number) {
      t = new Date(t.getTime() + m * 60_000);
    },
  };
}

/** The calendar day (UTC) of an instant, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
