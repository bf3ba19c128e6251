// The encounter's drug therapy problems: proposed by screening or added by hand. The pharmacist accepts each
// (optionally editing the patient wording) or dismisses it with a reason; accepted ones can go on the action plan.
import { useId, useState } from 'react';
import type { Encounter, EncounterProblem } from '../../../src/domain/encounters.ts';
import { DTP_CATEGORIES, SEVERITIES, type DtpCategory, type Severity } from '../../../src/knowledge/screening/schema.ts';
import { api } from '../api/client.ts';
import { CATEGORY_LABEL, SEVERITY_LABEL } from '../screening/dtpText.ts';
import type { Change } from './useEncounter.ts';

type Props = { encounter: Encounter; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

const DECISION_LABEL = { proposed: 'To review', accepted: 'Accepted', dismissed: 'Dismissed' } as const;

function ProblemItem({ p, encounter, locked, busy, apply }: Props & { p: EncounterProblem }) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(false);
  const [wording, setWording] = useState({ recommendation: p.recommendation, patientText: p.patientText });
  const id = useId();
  const url = `/api/encounters/${encounter.id}/problems/${p.id}`;
  const decide = (body: Record<string, unknown>) => apply((e) => api.post<Encounter>(url, { version: e.version, ...body }));
  return (
    <li className={`dtp dtp-${p.severity} enc-problem enc-${p.decision}`} data-problem={p.id}>
      <div className="dtp-head">
        <span className={`dtp-severity sev-${p.severity}`}>{SEVERITY_LABEL[p.severity]}</span>
        <h3 className="dtp-title">{p.title}</h3>
        <span className="dtp-category">{CATEGORY_LABEL[p.category]}</span>
        <span className={`enc-decision enc-decision-${p.decision}`}>{DECISION_LABEL[p.decision]}</span>
      </div>
      <p className="dtp-summary">{p.summary}</p>
      <dl className="dtp-advice">
        <dt>Recommendation</dt>
        <dd>{p.recommendation}</dd>
        <dt>For the patient</dt>
        <dd>{p.patientText}</dd>
        {p.dismissReason ? (
          <>
            <dt>Dismissed because</dt>
            <dd>{p.dismissReason}</dd>
          </>
        ) : null}
      </dl>
      {!locked ? (
        <div className="enc-actions">
          <button type="button" disabled={busy || p.decision === 'accepted'} onClick={() => void decide({ decision: 'accepted' })}>
            Accept{p.decision === 'accepted' ? 'ed' : ''}
          </button>
          {p.decision === 'accepted' ? (
            <label className="inline-check">
              <input type="checkbox" checked={p.onActionPlan} disabled={busy} onChange={(ev) => void decide({ decision: 'accepted', onActionPlan: ev.target.checked })} /> On the action plan
            </label>
          ) : null}
          {editing ? (
            <form
              className="enc-form"
              aria-label={`Edit ${p.title}`}
              onSubmit={(ev) => {
                ev.preventDefault();
                void decide({ decision: 'accepted', ...wording }).then((ok) => ok && setEditing(false));
              }}
            >
              <label htmlFor={`${id}-rec`}>Recommendation</label>
              <textarea id={`${id}-rec`} value={wording.recommendation} onChange={(ev) => setWording({ ...wording, recommendation: ev.target.value })} required minLength={10} />
              <label htmlFor={`${id}-pt`}>For the patient (action plan wording)</label>
              <textarea id={`${id}-pt`} value={wording.patientText} onChange={(ev) => setWording({ ...wording, patientText: ev.target.value })} required minLength={10} />
              <div className="enc-actions">
                <button type="submit" disabled={busy}>Save and accept</button>
                <button type="button" onClick={() => setEditing(false)}>Cancel</button>
              </div>
            </form>
          ) : (
            <button type="button" disabled={busy} onClick={() => setEditing(true)}>
              Edit wording…
            </button>
          )}
          {dismissing ? (
            <form
              className="enc-inline-form"
              onSubmit={(ev) => {
                ev.preventDefault();
                void decide({ decision: 'dismissed', dismissReason: reason }).then((ok) => ok && setDismissing(false));
              }}
            >
              <label htmlFor={`${id}-reason`}>Reason for dismissing</label>
              <input id={`${id}-reason`} value={reason} onChange={(ev) => setReason(ev.target.value)} required minLength={3} />
              <button type="submit" disabled={busy}>Dismiss</button>
              <button type="button" onClick={() => setDismissing(false)}>Cancel</button>
            </form>
          ) : (
            <button type="button" disabled={busy} onClick={() => setDismissing(true)}>
              Dismiss…
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}

function AddProblem({ encounter, busy, apply }: Props) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ title: '', summary: '', recommendation: '', patientText: '', category: 'adverse-drug-reaction' as DtpCategory, severity: 'moderate' as Severity });
  const id = useId();
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Add a problem</button>;
  const set = (k: keyof typeof f) => (ev: { target: { value: string } }) => setF({ ...f, [k]: ev.target.value });
  return (
    <form
      className="enc-form"
      aria-label="Add a problem"
      onSubmit={(ev) => {
        ev.preventDefault();
        void apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/problems`, { version: e.version, ...f })).then((ok) => ok && setOpen(false));
      }}
    >
      <label htmlFor={`${id}-title`}>Problem</label>
      <input id={`${id}-title`} value={f.title} onChange={set('title')} required minLength={5} />
      <label htmlFor={`${id}-cat`}>Category</label>
      <select id={`${id}-cat`} value={f.category} onChange={set('category')}>
        {DTP_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABEL[c]}</option>)}
      </select>
      <label htmlFor={`${id}-sev`}>Severity</label>
      <select id={`${id}-sev`} value={f.severity} onChange={set('severity')}>
        {SEVERITIES.map((s) => <option key={s} value={s}>{SEVERITY_LABEL[s]}</option>)}
      </select>
      <label htmlFor={`${id}-sum`}>Assessment</label>
      <textarea id={`${id}-sum`} value={f.summary} onChange={set('summary')} required />
      <label htmlFor={`${id}-rec`}>Recommendation</label>
      <textarea id={`${id}-rec`} value={f.recommendation} onChange={set('recommendation')} required minLength={10} />
      <label htmlFor={`${id}-pt`}>For the patient (action plan wording)</label>
      <textarea id={`${id}-pt`} value={f.patientText} onChange={set('patientText')} required minLength={10} />
      <div className="enc-actions">
        <button type="submit" disabled={busy}>Add problem</button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}

export function ProblemsPanel(props: Props) {
  const { encounter } = props;
  const open = encounter.problems.filter((p) => p.decision === 'proposed').length;
  return (
    <section className="chart-section" aria-labelledby="enc-problems">
      <h2 id="enc-problems">Drug therapy problems</h2>
      <p className="muted">{encounter.problems.length} problems, {open} still to review.</p>
      <ol className="dtp-list" aria-label="Problems to review">
        {encounter.problems.map((p) => <ProblemItem key={p.id} p={p} {...props} />)}
      </ol>
      {!props.locked ? <AddProblem {...props} /> : null}
    </section>
  );
}
