// How the review happens and with whom (CMS reporting fields), the patient's goals and the follow-up plan.
import { useId, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { DELIVERY_METHODS, RECIPIENTS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { Change } from './useEncounter.ts';

type Props = { encounter: Encounter; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

const METHOD_LABEL = { 'in-person': 'In person', phone: 'Phone', video: 'Video' } as const;
const RECIPIENT_LABEL = { patient: 'Patient', caregiver: 'Caregiver', prescriber: 'Prescriber' } as const;

export function SetupPanel({ encounter, locked, busy, apply }: Props) {
  const id = useId();
  const [goals, setGoals] = useState(encounter.goals ?? '');
  const [followUpDate, setFollowUpDate] = useState(encounter.followUpDate ?? '');
  const [followUpNote, setFollowUpNote] = useState(encounter.followUpNote ?? '');
  const patch = (body: Record<string, unknown>) => apply((e) => api.patch<Encounter>(`/api/encounters/${e.id}`, { version: e.version, ...body }));
  const disabled = locked || busy;
  return (
    <section className="chart-section" aria-labelledby="enc-setup">
      <h2 id="enc-setup">Review details</h2>
      <div className="enc-grid">
        <fieldset>
          <legend>Delivery method</legend>
          {DELIVERY_METHODS.map((m) => (
            <label key={m} className="inline-check">
              <input type="radio" name={`${id}-method`} checked={encounter.deliveryMethod === m} disabled={disabled} onChange={() => void patch({ deliveryMethod: m })} /> {METHOD_LABEL[m]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Recipient</legend>
          {RECIPIENTS.map((r) => (
            <label key={r} className="inline-check">
              <input type="radio" name={`${id}-recipient`} checked={encounter.recipient === r} disabled={disabled} onChange={() => void patch({ recipient: r })} /> {RECIPIENT_LABEL[r]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Flags</legend>
          <label className="inline-check">
            <input type="checkbox" checked={encounter.cognitiveImpairment} disabled={disabled} onChange={(ev) => void patch({ cognitiveImpairment: ev.target.checked })} /> Cognitive impairment
          </label>
          <label className="inline-check">
            <input type="checkbox" checked={encounter.longTermCare} disabled={disabled} onChange={(ev) => void patch({ longTermCare: ev.target.checked })} /> Lives in long-term care
          </label>
        </fieldset>
      </div>
      <form
        className="enc-form"
        aria-label="Goals and follow-up"
        onSubmit={(ev) => {
          ev.preventDefault();
          void patch({ goals: goals || null, followUpDate: followUpDate || null, followUpNote: followUpNote || null });
        }}
      >
        <label htmlFor={`${id}-goals`}>Patient's goals</label>
        <textarea id={`${id}-goals`} value={goals} disabled={disabled} onChange={(ev) => setGoals(ev.target.value)} />
        <label htmlFor={`${id}-fud`}>Follow-up date</label>
        <input id={`${id}-fud`} type="date" value={followUpDate} disabled={disabled} onChange={(ev) => setFollowUpDate(ev.target.value)} />
        <label htmlFor={`${id}-fun`}>Follow-up plan</label>
        <textarea id={`${id}-fun`} value={followUpNote} disabled={disabled} onChange={(ev) => setFollowUpNote(ev.target.value)} />
        {!locked ? <button type="submit" disabled={busy}>Save goals and follow-up</button> : null}
      </form>
    </section>
  );
}
