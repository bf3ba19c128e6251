// Medication reconciliation: each active medication on the chart, confirmed with the patient or marked as changed,
// not taken, taken differently or stopped (discrepancies between the record and what the patient does); products the
// patient reports are added from here. Signing writes the decisions to the chart (see services/review-writeback.ts).
import type { Encounter, PreviousReview } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { CareTeamMember, Fill, Medication } from '../api/types.ts';
import { AddReviewMedication } from './AddReviewMedication.tsx';
import { previousDecision, ReconciliationRow } from './ReconciliationRow.tsx';
import type { Apply } from './useEncounter.ts';

type Props = {
  encounter: Encounter;
  medications: Medication[];
  fills: Fill[];
  careTeam: CareTeamMember[];
  today: string;
  locked: boolean;
  busy: boolean;
  apply: Apply;
  /** The chart changed (a product was added): reload it so the new medication is listed. */
  onChartChanged: () => Promise<void>;
};

const DAY = 86_400_000;
/** Same drug on both sides: RxCUI when both have one, else the first word of the name (the ingredient). */
const sameDrug = (m: Medication, f: Fill) =>
  (m.rxcui !== null && m.rxcui === f.rxcui) || m.display.toLowerCase().split(/\s+/)[0] === f.drugName.toLowerCase().split(/\s+/)[0];

/** Differences between the medication list and the pharmacy fills of the last 180 days. */
export function discrepancies(medications: Medication[], fills: Fill[], today: string): { filledNotListed: Fill[]; listedNotFilled: Medication[] } {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 180 * DAY).toISOString().slice(0, 10);
  const recent = fills.filter((f) => f.claimStatus !== 'reversed' && f.fillDate >= since);
  if (recent.length === 0) return { filledNotListed: [], listedNotFilled: [] };
  const active = medications.filter((m) => m.status === 'active');
  // A fill is explained by a medication listed when it was filled: active, or stopped since (a review that stopped
  // it must not have it reported as missing from the list). Fills come newest first: the latest fill decides.
  const listedAt = (f: Fill) => medications.some((m) => sameDrug(m, f) && (m.status === 'active' || (m.stopDate !== null && m.stopDate >= f.fillDate)));
  const seen = new Set<string>();
  const filledNotListed = recent.filter((f) => {
    const key = f.drugName.toLowerCase();
    if (seen.has(key) || listedAt(f)) return false;
    seen.add(key);
    return true;
  });
  const listedNotFilled = active.filter((m) => m.source === 'prescription' && !recent.some((f) => sameDrug(m, f)));
  return { filledNotListed, listedNotFilled };
}

export function ReconciliationPanel(props: Props) {
  const { encounter } = props;
  const inReview = new Set(encounter.reconciliation.map((r) => r.medicationId));
  const stoppedBefore = new Set((encounter.previousReview?.entries ?? []).filter((e) => e.action === 'stopped').map((e) => e.medicationId));
  // What the chart has active, except what the previous review stopped (should the chart still list it, it is not
  // offered again), plus whatever this review reconciled: a signed review keeps showing the medications it stopped.
  const rows = props.medications.filter((m) => inReview.has(m.id) || (m.status === 'active' && !stoppedBefore.has(m.id)));
  const open = rows.filter((m) => !inReview.has(m.id));
  // Most of a list is usually confirmed as is: one action records every medication not yet reviewed.
  const confirmRest = async () => {
    for (const m of open) {
      const ok = await props.apply((e) => api.put<Encounter>(`/api/encounters/${e.id}/reconciliation/${m.id}`, { version: e.version, action: 'confirmed' }));
      if (!ok) return;
    }
  };
  return (
    <section className="chart-section" aria-labelledby="enc-recon">
      <h2 id="enc-recon" tabIndex={-1}>Medication reconciliation</h2>
      <p className="muted">{rows.length - open.length} of {rows.length} active medications reviewed with the patient.</p>
      {encounter.previousReview ? <StoppedBefore previous={encounter.previousReview} /> : null}
      {!props.locked && open.length > 0 ? (
        <button type="button" disabled={props.busy} onClick={() => void confirmRest()}>
          Confirm the other {open.length} as listed
        </button>
      ) : null}
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr><th scope="col">Medication</th><th scope="col">What the patient does</th></tr>
          </thead>
          <tbody>{rows.map((m) => <ReconciliationRow key={m.id} m={m} encounter={encounter} locked={props.locked} busy={props.busy} apply={props.apply} />)}</tbody>
        </table>
      </div>
      <Discrepancies {...props} />
      {!props.locked ? (
        <>
          <p className="muted">Something the patient takes that is not listed? Add it here: it goes on the chart and is confirmed in this review.</p>
          <AddReviewMedication encounter={encounter} careTeam={props.careTeam} busy={props.busy} apply={props.apply} onAdded={props.onChartChanged} />
        </>
      ) : null}
    </section>
  );
}

/** What the previous review stopped: no longer offered, but said, so the pharmacist can check the patient did stop. */
function StoppedBefore({ previous }: { previous: PreviousReview }) {
  const stopped = previous.entries.filter((e) => e.action === 'stopped');
  if (stopped.length === 0) return null;
  return (
    <div className="enc-previous">
      <h3>Stopped at the last review</h3>
      <ul aria-label="Stopped at the last review">
        {stopped.map((e) => <li key={e.medicationId}><strong>{e.display}</strong>: {previousDecision(previous, e)}</li>)}
      </ul>
    </div>
  );
}

function Discrepancies({ medications, fills, today }: Props) {
  const { filledNotListed, listedNotFilled } = discrepancies(medications, fills, today);
  if (filledNotListed.length === 0 && listedNotFilled.length === 0) return null;
  return (
    <div className="enc-discrepancies">
      <h3>Differences between the list and pharmacy fills (last 180 days)</h3>
      <ul aria-label="Differences between sources">
        {filledNotListed.map((f) => <li key={`f-${f.id}`}>Filled but not on the list: <strong>{f.drugName}</strong> (last {f.fillDate}) — ask the patient and add it to the chart if they take it.</li>)}
        {listedNotFilled.map((m) => <li key={`m-${m.id}`}>On the list but not filled in 180 days: <strong>{m.display}</strong> — ask whether the patient still takes it and where it comes from.</li>)}
      </ul>
    </div>
  );
}
