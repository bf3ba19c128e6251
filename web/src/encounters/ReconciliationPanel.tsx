// Medication reconciliation: each active medication on the chart, confirmed with the patient or marked as changed,
// not taken, taken differently or stopped (discrepancies between the record and what the patient does).
import { useId } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { RECONCILIATION_ACTIONS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { Medication } from '../api/types.ts';
import { RECON_LABEL } from './encounterText.ts';
import type { Change } from './useEncounter.ts';

type Props = { encounter: Encounter; medications: Medication[]; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

function Row({ m, encounter, locked, busy, apply }: Omit<Props, 'medications'> & { m: Medication }) {
  const id = useId();
  const entry = encounter.reconciliation.find((r) => r.medicationId === m.id);
  const save = (action: string) =>
    apply((e) => api.put<Encounter>(`/api/encounters/${e.id}/reconciliation/${m.id}`, { version: e.version, action }));
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
      </td>
    </tr>
  );
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
          <tbody>{active.map((m) => <Row key={m.id} m={m} {...props} />)}</tbody>
        </table>
      </div>
    </section>
  );
}
