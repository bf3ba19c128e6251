// The organisation's star cut points (managers): CMS publishes them each year, so they are entered with their
// source, never built in. JSON, checked by the server; every problem is listed with where it is.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';

type Doc = { cutPoints: unknown };

const EXAMPLE = {
  source: 'Where these come from, e.g. the CMS Star Ratings technical notes for the year',
  year: new Date().getFullYear(),
  measures: { 'PDC-DR': { thresholds: { '2': 0.8, '3': 0.84, '4': 0.87, '5': 0.9 } }, COB: { thresholds: { '2': 0.12, '3': 0.09, '4': 0.06, '5': 0.03 }, inverse: true } },
};

export function CutPointsEditor({ onSaved }: { onSaved: () => Promise<void> }) {
  const current = useApi<Doc>('/api/star-cut-points');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) setText(JSON.stringify(current.data.cutPoints ?? EXAMPLE, null, 2));
  }, [current.data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      setErrors([`Not valid JSON: ${(err as Error).message}`]);
      return;
    }
    try {
      await api.put('/api/star-cut-points', json);
      setErrors([]);
      setSaved(true);
      await onSaved();
    } catch (err) {
      setErrors(err instanceof ApiError ? [err.userMessage, ...err.issues.map((i) => `${i.pointer}: ${i.message}`)] : [String(err)]);
    }
  };
  return (
    <form className="panel" aria-labelledby="cut-points-title" onSubmit={(e) => void save(e)}>
      <h3 id="cut-points-title" className="panel-title">
        Star cut points
      </h3>
      <p className="hint">
        For each measure, the lowest plan rate that earns 2, 3, 4 and 5 stars (the highest, for inverse measures such as COB and Poly-ACH).
      </p>
      {errors.length ? (
        <ul className="form-error" role="alert" data-testid="cut-point-errors">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <label htmlFor="cut-points-json" className="visually-hidden">
        Cut points as JSON
      </label>
      <textarea id="cut-points-json" className="code" rows={14} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <div className="actions">
        <button type="submit" className="primary">
          Save cut points
        </button>
        {saved ? <span role="status">Saved.</span> : null}
      </div>
    </form>
  );
}
