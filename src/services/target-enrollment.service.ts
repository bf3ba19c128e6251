// Automatic enrollment at the end of a targeting run (PRODUCT.md §5.1: enrollment is automatic, with opt-out).
// Runs inside the transaction that stores the run's last shard, so the run is done, its patients are enrolled and
// every enrollment is audited together or not at all.
//
// Part D: enrolled_on is the date the patient met the criteria. That date is never before the program year's start
// (nor the patient's coverage start): the engine only evaluates days from max(1 January, coverage start). It is the
// day CMS counts the member as targeted, it does not move when the run is repeated, and it falls in the program year
// as the enrollment rules of the programs service require.
//
// Panel programs have no date met: their criteria (medications, conditions, latest A1c, this year's PDC, a recent
// discharge) are facts on one day, and walking every earlier day would need the record as it stood then. A patient
// who qualifies is enrolled on the run's as-of day, which the run keeps inside the program year for that reason. A
// rerun on a later day finds them enrolled and leaves the date alone. 'could-not-assess' is not eligible: the record
// cannot say the patient qualifies, so nobody is enrolled on it.
import { OPT_OUT_REASONS } from '../domain/worklists.ts';
import { appendAuditBatch, type AuditEntry } from '../store/audit.repository.ts';
import type { Queryable } from '../store/db.ts';
import { findProgram, insertRunEnrollments } from '../store/programs.repository.ts';
import { setEnrollmentOutcomes, targetRunStarter } from '../store/target-runs.repository.ts';

/** Enrolls the run's eligible patients not yet in the program; returns how many were enrolled and how many had died. */
export async function enrollFromTargetRun(
  q: Queryable,
  run: { id: string; orgId: string; programId: string },
  now: Date,
): Promise<{ enrolled: number; deceased: number }> {
  const program = await findProgram(q, run.orgId, run.programId);
  const starter = await targetRunStarter(q, run.id);
  // An inactive program (deactivated while the run worked) takes no one; the outcomes say "not enrolled".
  const made = program?.active ? await insertRunEnrollments(q, { runId: run.id, orgId: run.orgId, programId: run.programId, createdBy: starter?.userId ?? null, now }) : [];
  const by = {
    orgId: run.orgId,
    userId: starter?.userId ?? null,
    username: starter?.username ?? null,
    role: starter?.role ?? null,
    ip: null,
    // Says where the writes came from whether a manager or the command line started the run.
    userAgent: `openmtm targeting run ${run.id}`,
    outcome: 'success' as const,
    resourceType: 'enrollment',
  };
  const entries: AuditEntry[] = [];
  for (const e of made) {
    const source = { kind: 'target-run', runId: run.id };
    entries.push({ ...by, action: 'enrollment.create', resourceId: e.id, patientId: e.patientId, detail: { programId: run.programId, enrolledOn: e.enrolledOn, source } });
    if (e.optedOutOn !== null) {
      entries.push({
        ...by, action: 'enrollment.opt-out', resourceId: e.id, patientId: e.patientId,
        detail: { reason: '01', reasonText: OPT_OUT_REASONS['01'], date: e.optedOutOn, closedItems: 0, source },
      });
    }
  }
  await appendAuditBatch(q, entries, now);
  await setEnrollmentOutcomes(q, run.id, run.programId);
  return { enrolled: made.length, deceased: made.filter((e) => e.optedOutOn !== null).length };
}
