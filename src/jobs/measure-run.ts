// A population measure run over one organisation's patients, stored in measure_runs / measure_results.
// Patients are taken in id order, a page at a time; each page's results and the cursor commit together, so a
// stopped run resumes where it stopped (`resume`) and never stores a member twice.
import { isoDay, toDay } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { measureReport } from '../engines/adherence/report.ts';
import { MEASURE_CLASSES_PROVENANCE } from '../knowledge/measure-classes.ts';
import { memberFromRecord } from '../services/measure-member.ts';
import type { Clock } from '../services/clock.ts';
import type { Db } from '../store/db.ts';
import { createRun, findRun, finishRun, nextPatients, savePage, type ResultRow, type RunRow } from '../store/measure-runs.repository.ts';

export type RunOptions = { pageSize?: number; onProgress?: (done: number, total: number) => void; /** Stop after this many pages (tests). */ maxPages?: number };

export async function startMeasureRun(db: Db, clock: Clock, o: { orgId: string; year: number; asOf: string }): Promise<string> {
  if (o.year > Number(o.asOf.slice(0, 4))) throw new ValidationError(`Measurement year ${o.year} is after the as-of date ${o.asOf}`);
  return createRun(db, { orgId: o.orgId, year: o.year, asOf: o.asOf, classesLabel: MEASURE_CLASSES_PROVENANCE.label, now: clock.now() });
}

/** Processes the run from its cursor to the end (or `maxPages`); returns the run as stored afterwards. */
export async function continueMeasureRun(db: Db, clock: Clock, orgId: string, runId: string, opts: RunOptions = {}): Promise<RunRow> {
  const run = await findRun(db, orgId, runId);
  if (!run) throw new ValidationError(`No measure run ${runId} in this organisation`);
  if (run.status === 'done') return run;
  const settings = { ...DEFAULT_SETTINGS, year: run.year };
  const asOf = toDay(run.asOf);
  let cursor = run.cursorPatientId;
  let done = run.membersDone;
  for (let page = 0; opts.maxPages === undefined || page < opts.maxPages; page++) {
    const patients = await nextPatients(db, orgId, cursor, opts.pageSize ?? 500);
    if (patients.length === 0) {
      await finishRun(db, runId, clock.now());
      break;
    }
    const rows: ResultRow[] = [];
    for (const p of patients) {
      const { member } = memberFromRecord(p.id, p.inputs);
      for (const r of measureReport(member, settings, asOf)) {
        rows.push({
          patientId: p.id, measure: r.measure, inDenominator: r.inDenominator, reason: r.reason, pdc: r.pdc, numerator: r.numerator,
          refillBy: r.refill?.status === 'refill-by' ? isoDay(r.refill.lastDay) : null,
        });
      }
    }
    cursor = patients.at(-1)!.id;
    await db.tx((q) => savePage(q, { id: runId, orgId }, rows, cursor!, patients.length));
    done += patients.length;
    opts.onProgress?.(done, run.membersTotal);
  }
  return (await findRun(db, orgId, runId))!;
}
