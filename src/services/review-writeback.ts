// Signing a review applies its medication reconciliation to the chart, inside the signing transaction (see
// signEncounter): from the moment the pharmacist signs, the chart says what was agreed with the patient, and a
// refused signature changes nothing. What each decision does to the chart medication:
//  - stopped: the medication ends on the review date, with the reason given ("why stopped" on the chart and on the
//    Personal Medication List). One the chart already shows as stopped keeps its own date and reason.
//  - changed sig: the new directions replace the chart's sig; the replaced ones stay on the review (previousSig).
//  - not taking / taking differently: the order itself is not changed — that is the prescriber's decision, usually
//    one of the review's recommendations — so the medication row is left as it is. The finding stays on the review
//    and the chart shows it beside the medication (its last signed finding) until a later review records otherwise:
//    whoever reads the chart next must not assume the patient takes it as written.
//  - confirmed: nothing to change.
// Each chart change is audited like the same change made in the chart, naming the review it came from. Only a
// pharmacist signs (encounter:sign), and pharmacists may change medications (medication:write).
// Nothing here may touch ctx.db: the signing transaction holds the embedded database's only connection.
import type { FieldIssue } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { stopMedication, updateMedication } from '../store/clinical.repository.ts';
import type { Queryable } from '../store/db.ts';
import { recordPreviousSig, type EntryAgainstChart } from '../store/reconciliation.repository.ts';
import { audit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

export type Review = { encounterId: string; patientId: string; orgId: string; userId: string; now: Date; reviewDate: string; today: string };

const stoppedBy = (e: EntryAgainstChart, today: string) => e.stopDate !== null && e.stopDate <= today;

/** What keeps the chart from taking a decision: each problem located at the entry (its index in the reconciliation). */
export function writeBackIssues(entries: EntryAgainstChart[], r: Pick<Review, 'reviewDate' | 'today'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const e of entries) {
    const at = `/reconciliation/${e.index}`;
    if (e.action === 'stopped' && !stoppedBy(e, r.today)) {
      if (!e.note) issues.push({ pointer: `${at}/note`, message: `"${e.display}" is marked stopped: say why (the chart and the patient's list record the reason)` });
      if (e.startDate && e.startDate > r.reviewDate) {
        issues.push({ pointer: `${at}/action`, message: `"${e.display}" started on ${e.startDate}, after this review (${r.reviewDate}): stop it in the chart instead` });
      }
    }
    if (e.action === 'changed-sig') {
      if (!e.newSig) issues.push({ pointer: `${at}/newSig`, message: `"${e.display}" has new directions: enter them (they replace the chart's directions)` });
      if (stoppedBy(e, r.today)) issues.push({ pointer: `${at}/action`, message: `"${e.display}" was stopped in the chart on ${e.stopDate}: reconcile it again` });
    }
  }
  return issues;
}

/** Applies checked entries (writeBackIssues found nothing) to the chart; returns what changed, for the signing audit row. */
export async function applyWriteBack(ctx: ServiceContext, q: Queryable, actor: Actor, entries: EntryAgainstChart[], r: Review) {
  const c = { orgId: r.orgId, patientId: r.patientId, userId: r.userId, now: r.now };
  const via = { via: 'encounter.sign', encounterId: r.encounterId };
  const out = { stopped: [] as string[], alreadyStopped: [] as string[], sigChanged: [] as string[] };
  for (const e of entries) {
    if (e.action === 'stopped') {
      if (stoppedBy(e, r.today)) {
        out.alreadyStopped.push(e.medicationId);
        continue;
      }
      const stop = { stopDate: r.reviewDate, stopReason: e.note ?? '' };
      await stopMedication(q, c, e.medicationId, stop);
      await audit(ctx, q, actor, { action: 'medication.stop', resourceType: 'medication', resourceId: e.medicationId, patientId: r.patientId, detail: { ...stop, ...via } });
      out.stopped.push(e.medicationId);
    } else if (e.action === 'changed-sig' && e.newSig !== null && e.newSig !== e.sig) {
      await recordPreviousSig(q, r.orgId, r.encounterId, e.medicationId, e.sig);
      await updateMedication(q, c, e.medicationId, { sig: e.newSig });
      await audit(ctx, q, actor, {
        action: 'medication.update', resourceType: 'medication', resourceId: e.medicationId, patientId: r.patientId,
        detail: { fields: ['sig'], from: e.sig, to: e.newSig, ...via },
      });
      out.sigChanged.push(e.medicationId);
    }
  }
  return out;
}
