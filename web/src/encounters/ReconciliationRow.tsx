// One medication in the review's reconciliation: what the patient does with it (saved at once), the words that choice
// needs (new directions, why), and what the previous signed review decided about it, so nothing is asked twice blind.
import { useId, useState } from 'react';
import type { Encounter, PreviousReview } from '../../../src/domain/encounters.ts';
import { RECONCILIATION_ACTIONS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { Medication } from '../api/types.ts';
import { fmtDate } from '../format.ts';
import { KIND_SHORT, RECON_LABEL } from './encounterText.ts';
import type { Apply } from './useEncounter.ts';

/** Actions that need words: the directions the patient actually follows, or why it was stopped. */
const DETAIL_LABEL: Partial<Record<(typeof RECONCILIATION_ACTIONS)[number], string>> = {
  'changed-sig': 'New directions',
  'taking-differently': 'How the patient takes it',
  'not-taking': 'Why not',
  stopped: 'Why stopped',
};

/** "Last CMR (06/15/2026): Stopped — kidney risk with lisinopril" */
export function previousDecision(prev: PreviousReview, entry: PreviousReview['entries'][number]): string {
  const words = entry.action === 'changed-sig' ? entry.newSig : entry.note;
  return `Last ${KIND_SHORT[prev.kind]} (${fmtDate(prev.date)}): ${RECON_LABEL[entry.action]}${words ? ` — ${words}` : ''}`;
}

type Props = { m: Medication; encounter: Encounter; locked: boolean; busy: boolean; apply: Apply };

export function ReconciliationRow({ m, encounter, locked, busy, apply }: Props) {
  const id = useId();
  const entry = encounter.reconciliation.find((r) => r.medicationId === m.id);
  const previous = encounter.previousReview;
  const last = previous?.entries.find((e) => e.medicationId === m.id);
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
        {entry?.addedInReview ? <> <span className="tag">Added in this review</span></> : null}
        <div className="muted">{m.sig ?? 'no directions recorded'}{m.prescriber ? ` · ${m.prescriber.name}` : ''}</div>
        {entry?.previousSig ? <div className="muted">Directions before this review: {entry.previousSig}</div> : null}
        {previous && last ? <div className="enc-previous">{previousDecision(previous, last)}</div> : null}
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`${id}-a`}>Reconciliation for {m.display}</label>
        <select id={`${id}-a`} value={entry?.action ?? ''} disabled={locked || busy} onChange={(ev) => void save(ev.target.value)}>
          <option value="" disabled>Not yet reviewed</option>
          {RECONCILIATION_ACTIONS.map((a) => <option key={a} value={a}>{RECON_LABEL[a]}</option>)}
        </select>
        {entry && detailLabel ? (
          <form className="enc-inline-form" aria-label={`${detailLabel}: ${m.display}`} onSubmit={(ev) => { ev.preventDefault(); void save(entry.action, detail); }}>
            <label htmlFor={`${id}-d`}>{detailLabel}</label>
            <input id={`${id}-d`} value={detail} disabled={locked || busy} onChange={(ev) => setDetail(ev.target.value)} />
            {!locked ? <button type="submit" disabled={busy}>Save</button> : null}
          </form>
        ) : null}
      </td>
    </tr>
  );
}
