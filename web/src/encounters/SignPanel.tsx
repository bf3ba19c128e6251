// Sign (locks the encounter; only pharmacists), then dated addenda, the patient takeaway (PDF/HTML, English or
// Spanish) and when and how it was sent. A CMR counts as complete only once the takeaway is sent.
import { useId, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { SEND_METHODS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import { fmtDate, fmtDateTime } from '../format.ts';
import { SEND_LABEL } from './encounterText.ts';
import type { Change } from './useEncounter.ts';

type Props = {
  encounter: Encounter; canSign: boolean; canWrite: boolean; busy: boolean; today: string; apply: (c: Change) => Promise<boolean>;
  /** Called after a successful signature (the page closes the work item the review was started from). */
  onSigned?: () => Promise<void>;
};

export function SignPanel({ encounter, canSign, canWrite, busy, today, apply, onSigned }: Props) {
  const id = useId();
  const [addendum, setAddendum] = useState('');
  const [method, setMethod] = useState<(typeof SEND_METHODS)[number]>('in-person');
  const [sentOn, setSentOn] = useState(today);
  const signed = encounter.status === 'signed';
  const undecided = encounter.problems.filter((p) => p.decision === 'proposed').length;
  const base = `/api/encounters/${encounter.id}/takeaway`;
  return (
    <section className="chart-section" aria-labelledby="enc-sign">
      <h2 id="enc-sign">Sign and send</h2>
      {!signed ? (
        canSign ? (
          <>
            {undecided > 0 ? <p className="muted">{undecided} problems still need a decision before signing.</p> : null}
            <button type="button" className="primary" disabled={busy} onClick={() => void apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/sign`, { version: e.version })).then((ok) => (ok && onSigned ? onSigned() : undefined))}>
              Sign and lock
            </button>
          </>
        ) : (
          <p className="muted">Only a pharmacist can sign this review.</p>
        )
      ) : (
        <p>
          Signed by <strong>{encounter.signedByName}</strong> on {encounter.signedAt ? fmtDate(encounter.signedAt.slice(0, 10)) : ''}. Later changes are addenda.
        </p>
      )}
      <h3>Patient takeaway</h3>
      <p>
        <a href={`${base}?lang=en&format=pdf`} download>Takeaway PDF (English)</a> · <a href={`${base}?lang=es&format=pdf`} download>PDF (Spanish)</a> ·{' '}
        <a href={`${base}?lang=en&format=html`} target="_blank" rel="noreferrer">HTML</a>
      </p>
      {encounter.takeawaySentAt ? (
        <p data-testid="takeaway-sent">
          Sent {fmtDate(encounter.takeawaySentAt)} ({encounter.takeawaySentMethod ? SEND_LABEL[encounter.takeawaySentMethod] : ''}).
        </p>
      ) : encounter.takeawayDueDate ? (
        <p className={encounter.takeawayDueDate < today ? 'form-error' : 'muted'}>Send by {fmtDate(encounter.takeawayDueDate)} (14 days after the review).</p>
      ) : null}
      {signed && canWrite && !encounter.takeawaySentAt ? (
        <form
          className="enc-inline-form"
          aria-label="Record takeaway sent"
          onSubmit={(ev) => {
            ev.preventDefault();
            void apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/takeaway-sent`, { version: e.version, method, sentOn }));
          }}
        >
          <label htmlFor={`${id}-m`}>Sent by</label>
          <select id={`${id}-m`} value={method} onChange={(ev) => setMethod(ev.target.value as typeof method)}>
            {SEND_METHODS.map((m) => <option key={m} value={m}>{SEND_LABEL[m]}</option>)}
          </select>
          <label htmlFor={`${id}-d`}>On</label>
          <input id={`${id}-d`} type="date" value={sentOn} max={today} onChange={(ev) => setSentOn(ev.target.value)} />
          <button type="submit" disabled={busy}>Record as sent</button>
        </form>
      ) : null}
      {signed ? (
        <>
          <h3>Addenda</h3>
          {encounter.addenda.length === 0 ? <p className="muted">No addenda.</p> : (
            <ol className="enc-addenda" aria-label="Addenda">
              {encounter.addenda.map((a) => (
                <li key={a.id}>
                  <span className="muted">{fmtDateTime(a.createdAt)} — {a.userName}:</span> {a.text}
                </li>
              ))}
            </ol>
          )}
          {canWrite ? (
            <form
              className="enc-inline-form"
              aria-label="Add an addendum"
              onSubmit={(ev) => {
                ev.preventDefault();
                void apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/addenda`, { text: addendum })).then((ok) => ok && setAddendum(''));
              }}
            >
              <label htmlFor={`${id}-add`}>Addendum</label>
              <textarea id={`${id}-add`} value={addendum} onChange={(ev) => setAddendum(ev.target.value)} required minLength={3} />
              <button type="submit" disabled={busy}>Add addendum</button>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
