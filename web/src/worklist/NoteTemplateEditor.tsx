// The organisation's template for the structured note of a medication review (managers): placeholders such as
// {{problems.accepted}} are filled from the review; the server rejects unknown placeholders by name and position.
import { useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';

type Template = { template: string; isDefault: boolean; updatedAt: string | null; placeholders: { name: string; description: string }[] };

export function NoteTemplateEditor() {
  const id = useId();
  const { data, reload } = useApi<Template>('/api/note-template');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => { if (data) setText(data.template); }, [data]);
  const save = async () => {
    setErrors([]);
    setSaved(false);
    try {
      await api.put('/api/note-template', { template: text });
      setSaved(true);
      await reload();
    } catch (e) {
      setErrors(e instanceof ApiError ? (e.issues.length ? e.issues.map((i) => i.message) : [e.userMessage]) : [String(e)]);
    }
  };
  return (
    <section className="chart-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Structured note template</h2>
      {!data ? <p role="status">Loading…</p> : (
        <form className="enc-form" onSubmit={(ev) => { ev.preventDefault(); void save(); }}>
          <p className="muted">{data.isDefault ? 'Using the default template.' : 'Your organisation’s template.'} Lines starting with “## ” begin a section.</p>
          <label htmlFor={`${id}-t`}>Template</label>
          <textarea id={`${id}-t`} rows={18} value={text} onChange={(ev) => setText(ev.target.value)} aria-describedby={errors.length ? `${id}-e` : undefined} />
          {errors.length ? <ul id={`${id}-e`} className="form-error" role="alert">{errors.map((m, i) => <li key={i}>{m}</li>)}</ul> : null}
          {saved ? <p role="status">Template saved.</p> : null}
          <button type="submit">Save template</button>
          <details>
            <summary>Placeholders</summary>
            <ul>{data.placeholders.map((p) => <li key={p.name}><code>{`{{${p.name}}}`}</code> — {p.description}</li>)}</ul>
          </details>
        </form>
      )}
    </section>
  );
}
