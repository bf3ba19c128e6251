// Plan-level rate → star rating through configured cut points. CMS publishes the cut points each year (and they
// move), so they are always input data with their source, never constants here.
import { z } from 'zod';

const thresholds = z
  .object({ '2': z.number().min(0).max(1), '3': z.number().min(0).max(1), '4': z.number().min(0).max(1), '5': z.number().min(0).max(1) })
  .strict();

export const cutPointsFile = z
  .object({
    source: z.string().min(1, 'say where the cut points come from'),
    year: z.number().int(),
    measures: z.record(
      z.string(),
      z.object({ thresholds, inverse: z.boolean().default(false) }).strict().superRefine((m, ctx) => {
        const t = [m.thresholds['2'], m.thresholds['3'], m.thresholds['4'], m.thresholds['5']];
        const ordered = t.every((v, i) => i === 0 || (m.inverse ? v <= t[i - 1]! : v >= t[i - 1]!));
        if (!ordered) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: m.inverse ? 'must fall from 2 to 5 stars (lower is better)' : 'must rise from 2 to 5 stars' });
      }),
    ),
  })
  .strict();
export type CutPoints = z.infer<typeof cutPointsFile>;

/** Stars 1–5 for a rate; `thresholds[s]` is the lowest rate (highest, for inverse measures) that earns s stars. */
export function starRating(rate: number, m: CutPoints['measures'][string]): 1 | 2 | 3 | 4 | 5 {
  for (const s of [5, 4, 3, 2] as const) {
    const t = m.thresholds[String(s) as '2' | '3' | '4' | '5'];
    if (m.inverse ? rate <= t : rate >= t) return s;
  }
  return 1;
}
