// Interventions: what the pharmacist did about the problems — education (with teach-back), a recommendation to the
// prescriber, a referral, or a change made under a collaborative practice agreement.
import { useId, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { INTERVENTION_KINDS } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import { fmtDateTime } from '../format.ts';
import { INTERVENTION_LABEL } from './encounterText.ts';
import type { Change } from './useEncounter.ts';

type Kind = (typeof INTERVENTION_KINDS)[number];
type Props = { encounter: Encounter; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

export function InterventionsPanel({ encounter, locked, busy, apply }: Props) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('education');
  const [problemId, setProblemId] = useState('');
  const [detail, setDetail] = useState('');
  const [teachBack, setTeachBack] = useState(false);
  const accepted = encounter.problems.filter((p) => p.decision === 'accepted');
  const titleOf = (pid: string | null) => encounter.problems.find((p) => p.id === pid)?.title;
  return (
    <section className="chart-section" aria-labelledby="enc-interventions">
      <h2 id="enc-interventions">Interventions</h2>
      {encounter.interventions.length === 0 ? <p className="muted">No interventions recorded.</p> : (
        <ul className="enc-list" aria-label="Recorded interventions">
          {encounter.interventions.map((i) => (
            <li key={i.id}>
              <strong>{INTERVENTION_LABEL[i.kind]}</strong>
              {i.problemId ? ` (${titleOf(i.problemId) ?? 'problem'})` : ''}: {i.detail}
              {i.teachBack ? ' — teach-back done' : ''} <span className="muted">{fmtDateTime(i.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {!locked ? (
        <form
          className="enc-form"
          aria-label="Record an intervention"
          onSubmit={(ev) => {
            ev.preventDefault();
            void apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/interventions`, { version: e.version, kind, detail, teachBack, ...(problemId ? { problemId } : {}) }))
              .then((ok) => { if (ok) { setDetail(''); setTeachBack(false); } });
          }}
        >
          <label htmlFor={`${id}-kind`}>Intervention</label>
          <select id={`${id}-kind`} value={kind} onChange={(ev) => setKind(ev.target.value as Kind)}>
            {INTERVENTION_KINDS.map((k) => <option key={k} value={k}>{INTERVENTION_LABEL[k]}</option>)}
          </select>
          <label htmlFor={`${id}-problem`}>About</label>
          <select id={`${id}-problem`} value={problemId} onChange={(ev) => setProblemId(ev.target.value)}>
            <option value="">No specific problem</option>
            {accepted.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
          </select>
          <label htmlFor={`${id}-detail`}>What was done</label>
          <textarea id={`${id}-detail`} value={detail} onChange={(ev) => setDetail(ev.target.value)} required minLength={3} />
          {kind === 'education' ? (
            <label className="inline-check">
              <input type="checkbox" checked={teachBack} onChange={(ev) => setTeachBack(ev.target.checked)} /> Patient explained it back (teach-back)
            </label>
          ) : null}
          <button type="submit" disabled={busy}>Record intervention</button>
        </form>
      ) : null}
    </section>
  );
}
