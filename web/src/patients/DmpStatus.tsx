// The plan's Drug Management Program (opioid) at-risk determination in the chart. Program managers record it as the
// plan reports it (PUT /api/patients/:id/dmp-status); Part D targeting then targets the patient (reason 02/03).
import { useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { PatientChart } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { fmtDate } from '../format.ts';

export function dmpText(p: PatientChart['patient']): string {
  if (!p.dmpAtRiskOn) return 'Not at risk';
  return `At risk from ${fmtDate(p.dmpAtRiskOn)}${p.dmpAtRiskUntil ? ` to ${fmtDate(p.dmpAtRiskUntil)}` : ''}`;
}

export function DmpStatus({ chart, onSaved }: { chart: PatientChart; onSaved: (message: string) => Promise<void> }) {
  const can = useCan();
  const p = chart.patient;
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(p.dmpAtRiskOn ?? '');
  const [until, setUntil] = useState(p.dmpAtRiskUntil ?? '');
  const [error, setError] = useState<string | null>(null);
  const fromId = useId();
  const untilId = useId();
  const put = async (atRiskOn: string | null, atRiskUntil: string | null) => {
    setError(null);
    try {
      await api.put(`/api/patients/${encodeURIComponent(p.id)}/dmp-status`, { atRiskOn, atRiskUntil });
      setEditing(false);
      await onSaved(atRiskOn ? 'DMP at-risk status recorded' : 'DMP at-risk status cleared');
    } catch (err) {
      setError(err instanceof ApiError ? [err.userMessage, ...err.issues.map((i) => `${i.pointer}: ${i.message}`)].join(' ') : String(err));
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void put(from || null, from && until ? until : null);
  };
  if (!editing) {
    return (
      <span data-testid="dmp-status">
        {dmpText(p)}{' '}
        {can('program:manage') ? (
          <button type="button" className="small" onClick={() => setEditing(true)}>
            Change
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <form className="inline-form" aria-label="Change the DMP status" onSubmit={save}>
      <label htmlFor={fromId}>At risk from</label> <input id={fromId} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />{' '}
      <label htmlFor={untilId}>until</label> <input id={untilId} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />{' '}
      <button type="submit" className="small primary">
        Save
      </button>{' '}
      {p.dmpAtRiskOn ? (
        <button type="button" className="small" onClick={() => void put(null, null)}>
          Not at risk
        </button>
      ) : null}{' '}
      <button type="button" className="small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
