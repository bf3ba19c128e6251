// One medication review (CMR or TMR), worked top to bottom: review details, reconciliation, problems,
// interventions, time, then sign, takeaway and sending. Every change is
// saved at once (with the version the page saw); a signed review is read-only apart from addenda.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { PatientChart } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { fmtDate, todayIso } from '../format.ts';
import { Link, useLocation } from '../router.tsx';
import { KIND_LABEL, STATUS_LABEL } from './encounterText.ts';
import { InterventionsPanel } from './InterventionsPanel.tsx';
import { NotePanel } from './NotePanel.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { ReconciliationPanel } from './ReconciliationPanel.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import { SignPanel } from './SignPanel.tsx';
import { TimePanel } from './TimePanel.tsx';
import { useEncounter } from './useEncounter.ts';

export function EncounterPage({ encounterId }: { encounterId: string }) {
  const { encounter, error, busy, actionError, apply } = useEncounter(encounterId);
  const chart = useApi<PatientChart>(encounter ? `/api/patients/${encodeURIComponent(encounter.patientId)}` : null);
  const can = useCan();
  const p = chart.data?.patient;
  // Started from a work-queue item: signing the review records that item as done.
  const itemId = useLocation().params.get('item');
  const [itemNote, setItemNote] = useState<string | null>(null);
  const completeItem = async () => {
    if (!itemId) return;
    try {
      await api.post(`/api/worklist/${encodeURIComponent(itemId)}/complete`, {});
      setItemNote('The work-queue item is recorded as done.');
    } catch (e) {
      setItemNote(`The work-queue item could not be closed: ${e instanceof ApiError ? e.userMessage : String(e)}`);
    }
  };

  useEffect(() => {
    if (encounter && p) document.title = `${encounter.kind.toUpperCase()} — ${p.lastName}, ${p.firstName} — OpenMTM`;
  }, [encounter, p]);

  if (error && !encounter) {
    return (
      <div className="page">
        <h1>{error.status === 404 ? 'Review not found' : 'Could not open the review'}</h1>
        <p className="form-error" role="alert">{error.userMessage}</p>
      </div>
    );
  }
  if (!encounter) return <div className="page"><p role="status">Loading review…</p></div>;
  const locked = encounter.status === 'signed' || !can('encounter:write');
  const props = { encounter, locked, busy, apply };
  return (
    <div className="page encounter-page">
      <p>
        <Link to={`/patients/${encounter.patientId}`}>← {p ? `${p.lastName}, ${p.firstName}` : 'Patient chart'}</Link>
      </p>
      <h1 tabIndex={-1}>
        {KIND_LABEL[encounter.kind]}
        {p ? ` — ${p.firstName} ${p.lastName}` : ''}
      </h1>
      <p className="muted">
        {STATUS_LABEL[encounter.status]} · started {fmtDate(encounter.createdAt.slice(0, 10))} by {encounter.createdByName}
        {encounter.focus ? ` · focus: ${encounter.focus}` : ''}
      </p>
      <div aria-live="polite">
        {actionError ? (
          <div className="form-error" role="alert">
            <p>{actionError.userMessage}</p>
            {actionError.issues.length > 0 ? <ul>{actionError.issues.map((i, n) => <li key={n}>{i.message}</li>)}</ul> : null}
          </div>
        ) : null}
      </div>
      <SetupPanel key={encounter.version} {...props} />
      {chart.data ? (
        <ReconciliationPanel {...props} medications={chart.data.medications} fills={chart.data.fills} careTeam={chart.data.careTeam} today={todayIso()} onChartChanged={chart.reload} />
      ) : null}
      <ProblemsPanel {...props} />
      <InterventionsPanel {...props} />
      <TimePanel {...props} />
      <NotePanel encounterId={encounter.id} version={encounter.version} />
      <SignPanel encounter={encounter} canSign={can('encounter:sign')} canWrite={can('encounter:write')} busy={busy} today={todayIso()} apply={apply} onSigned={completeItem} />
      {itemNote ? <p role="status" data-testid="item-note">{itemNote}</p> : null}
    </div>
  );
}
