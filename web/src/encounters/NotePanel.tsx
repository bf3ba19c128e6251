// The structured note for the record, generated from the encounter with the organisation's template
// (GET /api/encounters/:id/note); regenerated whenever the encounter changes.
import { useState } from 'react';
import { useApi } from '../api/useApi.ts';

type Note = { encounterId: string; templateIsDefault: boolean; text: string };

export function NotePanel({ encounterId, version }: { encounterId: string; version: number }) {
  const { data, error } = useApi<Note>(`/api/encounters/${encodeURIComponent(encounterId)}/note?v=${version}`);
  const [copied, setCopied] = useState(false);
  return (
    <section className="chart-section" aria-labelledby="enc-note">
      <h2 id="enc-note">Structured note</h2>
      {error ? <p className="form-error" role="alert">{error.userMessage}</p> : null}
      {data ? (
        <>
          <p className="muted">{data.templateIsDefault ? 'Default template' : "Your organisation's template"}.</p>
          <pre className="enc-note" data-testid="encounter-note">{data.text}</pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(data.text).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy note'}
          </button>
        </>
      ) : null}
    </section>
  );
}
