// Medication reconciliation: each active medication on the chart, confirmed with the patient or marked as changed,
// not taken, taken differently or stopped (discrepancies between the record and what the patient does).
import { useId, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { RECONCILIATION_ACTIONS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { Fill, Medication } from '../api/types.ts';
import { RECON_LABEL } from './encounterText.ts';
import { Link } from '../router.tsx';
import type { Change } from './useEncounter.ts';

type Props = { encounter: Encounter; medications: Medication[]; fills: Fill[]; today: string; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

/** Actions that need words: the directions the patient actually follows, or why it was stopped. */
const DETAIL_LABEL: Partial<Record<(typeof RECONCILIATION_ACTIONS)[number], string>> = {
  'changed-sig': 'New directions',
  'taking-differently': 'How the patient takes it',
  'not-taking': 'Why not',
  stopped: 'Why stopped',
};

function Row({ m, encounter, locked, busy, apply }: Omit<Props, 'medications' | 'fills' | 'today'> & { m: Medication }) {
  const id = useId();
  const entry = encounter.reconciliation.find((r) => r.medicationId === m.id);
  const [detail, setDetail] = useState(entry?.newSig ?? entry?.note ?? '');
  const save = (action: string, text?: string) =>
    apply((e) => api.put<Encounter>(`/api/encounters/${e.id}/reconciliation/${m.id}`, {
      version: e.version, action, ...(text === undefined ? {} : action === 'changed-sig' ? { newSig: text || null } : { note: text || null }),
    }));
  const detailLabel = entry ? DETAIL_LABEL[entry.action] : undefined;
  return (
    <tr>
      <th scope="row">
        {m.display}
        <div className="muted">{m.sig ?? 'no directions recorded'}{m.prescriber ? ` · ${m.prescriber.name}` : ''}</div>
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`${id}-a`}>Reconciliation for {m.display}</label>
        <select id={`${id}-a`} value={entry?.action ?? ''} disabled={locked || busy} onChange={(ev) => void save(ev.target.value)}>
          <option value="" disabled>Not yet reviewed</option>
          {RECONCILIATION_ACTIONS.map((a) => <option key={a} value={a}>{RECON_LABEL[a]}</option>)}
        </select>
        {entry && detailLabel ? (
          <form className="enc-inline-form" onSubmit={(ev) => { ev.preventDefault(); void save(entry.action, detail); }}>
            <label htmlFor={`${id}-d`}>{detailLabel}</label>
            <input id={`${id}-d`} value={detail} disabled={locked || busy} onChange={(ev) => setDetail(ev.target.value)} />
            {!locked ? <button type="submit" disabled={busy}>Save</button> : null}
          </form>
        ) : null}
      </td>
    </tr>
  );
}

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
  const seen = new Set<string>();
  const filledNotListed = recent.filter((f) => {
    const key = f.drugName.toLowerCase();
    if (seen.has(key) || active.some((m) => sameDrug(m, f))) return false;
    seen.add(key);
    return true;
  });
  const listedNotFilled = active.filter((m) => m.source === 'prescription' && !recent.some((f) => sameDrug(m, f)));
  return { filledNotListed, listedNotFilled };
}

export function ReconciliationPanel(props: Props) {
  const active = props.medications.filter((m) => m.status === 'active');
  const done = active.filter((m) => props.encounter.reconciliation.some((r) => r.medicationId === m.id)).length;
  const open = active.filter((m) => !props.encounter.reconciliation.some((r) => r.medicationId === m.id));
  // Most of a list is usually confirmed as is: one action records every medication not yet reviewed.
  const confirmRest = async () => {
    for (const m of open) {
      const ok = await props.apply((e) => api.put<Encounter>(`/api/encounters/${e.id}/reconciliation/${m.id}`, { version: e.version, action: 'confirmed' }));
      if (!ok) return;
    }
  };
  return (
    <section className="chart-section" aria-labelledby="enc-recon">
      <h2 id="enc-recon">Medication reconciliation</h2>
      <p className="muted">{done} of {active.length} active medications reviewed with the patient.</p>
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
          <tbody>{active.map((m) => <Row key={m.id} m={m} encounter={props.encounter} locked={props.locked} busy={props.busy} apply={props.apply} />)}</tbody>
        </table>
      </div>
      <Discrepancies {...props} />
      <p className="muted">
        Something the patient takes that is not listed (OTC, herbal, supplement)? <Link to={`/patients/${props.encounter.patientId}#medications`}>Add it in the chart</Link>, then come back: it appears here.
      </p>
    </section>
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
