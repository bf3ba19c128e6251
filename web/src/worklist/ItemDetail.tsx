// One work item opened above the queue: its facts, why it is in the queue, and the panels the user's role allows
// (outreach with the call script, booking, assignment); a pharmacist starts the review from here.
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { fmtDate } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { AssignPanel, BookPanel, OutreachPanel } from './ItemPanels.tsx';
import { fmtItemStatus, fmtKind, fmtWhen, type WorkItem } from './worklistText.ts';

export type Mode = 'outreach' | 'book' | 'assign';
export const ACTIVE = new Set(['open', 'claimed']);

/** Starts the review this item asks for; the review page completes the item when it is signed. */
function StartReviewButton({ patientId, itemId, kind }: { patientId: string; itemId: string; kind: 'cmr' | 'tmr' }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const e = await api.post<{ id: string }>(`/api/patients/${encodeURIComponent(patientId)}/encounters`, { kind });
      navigate(`/encounters/${e.id}?item=${encodeURIComponent(itemId)}`);
    } catch (err) {
      setFailure(err instanceof ApiError ? err.userMessage : String(err));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="primary" disabled={busy} onClick={() => void start()}>Start {kind.toUpperCase()}</button>
      {failure ? <span className="form-error" role="alert">{failure}</span> : null}
    </>
  );
}

export function ItemDetail({ id, mode, setMode, onClose, onChanged }: { id: string; mode: Mode; setMode: (m: Mode) => void; onClose: () => void; onChanged: () => Promise<void> }) {
  const can = useCan();
  const announce = useAnnounce();
  const { data: item, error, reload } = useApi<WorkItem>(`/api/worklist/${id}`);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => headingRef.current?.focus(), [id]);
  const changed = async (message: string) => {
    await Promise.all([reload(), onChanged()]);
    announce(message);
  };
  if (error) return <p className="form-error" role="alert">{error.userMessage}</p>;
  if (!item) return <p role="status">Loading item…</p>;
  const active = ACTIVE.has(item.status);
  const tabs: { mode: Mode; label: string; show: boolean }[] = [
    { mode: 'outreach', label: 'Outreach', show: true },
    { mode: 'book', label: 'Book appointment', show: can('outreach:write') && active },
    { mode: 'assign', label: 'Assign', show: can('worklist:assign') && active },
  ];
  return (
    <section className="wq-detail" aria-labelledby="wq-detail-heading" data-testid="item-detail">
      <div className="section-head">
        <h2 id="wq-detail-heading" tabIndex={-1} ref={headingRef}>
          {fmtKind(item.kind)} — {item.patientName}
        </h2>
        <div className="section-actions">
          {can('encounter:write') && active ? <StartReviewButton patientId={item.patientId} itemId={item.id} kind={item.kind === 'cmr' ? 'cmr' : 'tmr'} /> : null}
          <Link to={`/patients/${item.patientId}`}>Open chart</Link>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <dl className="wq-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="item-status">{fmtItemStatus(item.status)}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{fmtDate(item.dueDate)}</dd>
        </div>
        <div>
          <dt>Scheduled</dt>
          <dd data-testid="item-scheduled">{fmtWhen(item.scheduledAt)}</dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{item.assignedTo?.name ?? 'No one'}</dd>
        </div>
        <div>
          <dt>Program</dt>
          <dd>{item.programName}</dd>
        </div>
        <div>
          <dt>Language · state</dt>
          <dd>
            {item.language} · {item.state ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Home pharmacy</dt>
          <dd>{item.pharmacy?.name ?? 'None recorded'}</dd>
        </div>
      </dl>
      <p className="wq-reason">{item.reason}</p>
      {item.closedReason ? <p className="muted">{item.closedReason}</p> : null}
      <div className="wq-tabs" role="group" aria-label="Work on this item">
        {tabs
          .filter((t) => t.show)
          .map((t) => (
            <button key={t.mode} type="button" aria-pressed={mode === t.mode} onClick={() => setMode(t.mode)}>
              {t.label}
            </button>
          ))}
      </div>
      {mode === 'book' && can('outreach:write') && active ? (
        <BookPanel key={item.id} item={item} onChanged={changed} />
      ) : mode === 'assign' && can('worklist:assign') && active ? (
        <AssignPanel key={item.id} item={item} onChanged={changed} />
      ) : (
        <OutreachPanel key={item.id} item={item} onChanged={changed} />
      )}
    </section>
  );
}

