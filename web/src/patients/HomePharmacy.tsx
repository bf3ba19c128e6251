// The patient's home pharmacy in the chart: one of the organisation's locations (GET /api/pharmacies), changed in
// place by those who may edit patient details. The work queue filters by it.
import { useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { PatientChart } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import type { Pharmacy } from '../../../src/domain/pharmacies.ts';

export function HomePharmacy({ chart, onSaved }: { chart: PatientChart; onSaved: (message: string) => Promise<void> }) {
  const can = useCan();
  const current = chart.patient.homePharmacy;
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState(current?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const list = useApi<{ items: Pharmacy[] }>(editing ? '/api/pharmacies' : null);
  const selectId = useId();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.put<{ homePharmacy: Pharmacy | null }>(`/api/patients/${encodeURIComponent(chart.patient.id)}/home-pharmacy`, { pharmacyId: choice || null });
      setEditing(false);
      await onSaved(r.homePharmacy ? `Home pharmacy set to ${r.homePharmacy.name}` : 'Home pharmacy cleared');
    } catch (err) {
      setError(err instanceof ApiError ? [err.userMessage, ...err.issues.map((i) => i.message)].join(' ') : String(err));
    }
  };
  const shown = current ? `${current.name} (${current.state})` : 'None recorded';
  if (!editing) {
    return (
      <span className="home-pharmacy" data-testid="home-pharmacy">
        {shown}{' '}
        {can('patient:write') ? (
          <button
            type="button"
            className="small"
            onClick={() => {
              setChoice(current?.id ?? '');
              setEditing(true);
            }}
          >
            Change
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <form className="inline-form" aria-label="Change the home pharmacy" onSubmit={(e) => void save(e)}>
      <label htmlFor={selectId} className="visually-hidden">
        Home pharmacy
      </label>
      <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">None recorded</option>
        {(list.data?.items ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.state})
          </option>
        ))}
      </select>{' '}
      <button type="submit" className="small primary" disabled={!list.data}>
        Save
      </button>{' '}
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
