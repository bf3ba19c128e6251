// The chart's medication reviews: past and open CMRs/TMRs with their status and takeaway deadline, and buttons to
// start a new one (pharmacists).
import { useState } from 'react';
import type { Encounter, EncounterKind, EncounterSummary } from '../../../src/domain/encounters.ts';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { fmtDate, todayIso } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { Empty, Section } from '../ui/Section.tsx';
import { KIND_SHORT, STATUS_LABEL } from './encounterText.ts';

export function ReviewsSection({ patientId }: { patientId: string }) {
  const path = `/api/patients/${encodeURIComponent(patientId)}/encounters`;
  const { data, error } = useApi<{ items: EncounterSummary[] }>(path);
  const can = useCan();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (kind: EncounterKind) => {
    setBusy(true);
    setFailure(null);
    try {
      const e = await api.post<Encounter>(path, { kind });
      navigate(`/encounters/${e.id}`);
    } catch (err) {
      setFailure(err instanceof ApiError ? err.userMessage : String(err));
    } finally {
      setBusy(false);
    }
  };
  const today = todayIso();
  return (
    <Section
      id="reviews"
      title="Medication reviews"
      actions={can('encounter:write') ? (
        <>
          <button type="button" disabled={busy} onClick={() => void start('cmr')}>Start CMR</button>
          <button type="button" disabled={busy} onClick={() => void start('tmr')}>Start TMR</button>
        </>
      ) : undefined}
    >
      {failure || error ? <p className="form-error" role="alert">{failure ?? error?.userMessage}</p> : null}
      {!data ? null : data.items.length === 0 ? <Empty>No medication reviews yet.</Empty> : (
        <ul className="enc-list">
          {data.items.map((e) => (
            <li key={e.id}>
              <Link to={`/encounters/${e.id}`}>{KIND_SHORT[e.kind]} {fmtDate(e.createdAt.slice(0, 10))}</Link> — {STATUS_LABEL[e.status]}
              {e.totalMinutes ? `, ${e.totalMinutes} min` : ''}
              {e.takeawaySentAt ? `, takeaway sent ${fmtDate(e.takeawaySentAt)}` : e.takeawayDueDate ? (
                <span className={e.takeawayDueDate < today ? 'form-error' : 'muted'}> · takeaway due {fmtDate(e.takeawayDueDate)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
