// Population measures (/population): start a run over every patient (managers), follow its progress, read the
// plan rates with stars, work the rescue list, download the per-member results.
import { useEffect, useState } from 'react';
import { withQuery } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { fmtDate, fmtDateTime } from '../format.ts';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Section } from '../ui/Section.tsx';
import { CutPointsEditor } from './CutPointsEditor.tsx';
import { RescueList } from './RescueList.tsx';
import { RunRates } from './RunRates.tsx';
import { StartRun } from './StartRun.tsx';
import type { MeasureRun } from './types.ts';

function status(r: MeasureRun): string {
  if (r.status === 'done') return `Done ${fmtDateTime(r.finishedAt)}`;
  if (r.status === 'failed') return `Failed: ${r.error ?? 'unknown error'}`;
  return `Running: ${r.membersDone} of ${r.membersTotal} patients`;
}

export function PopulationPage() {
  const canRun = useCan()('population:run');
  const announce = useAnnounce();
  const runs = useApi<Page<MeasureRun>>(withQuery('/api/measure-runs', { limit: 10 }));
  const [picked, setPicked] = useState<string | null>(null);
  const running = runs.data?.items.some((r) => r.status === 'running') ?? false;
  const selected = runs.data?.items.find((r) => r.id === picked) ?? runs.data?.items[0];

  useEffect(() => {
    document.title = 'Population measures — OpenMTM';
  }, []);
  // Follow a running run: the background runner finishes it shard by shard.
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void runs.reload(), 1500);
    return () => clearInterval(t);
  }, [running, runs.reload]);

  return (
    <div className="page">
      <h1>Population measures</h1>
      {canRun ? (
        <StartRun
          onStarted={async (run) => {
            setPicked(run.id);
            announce(`Run for ${run.year} started`);
            await runs.reload();
          }}
        />
      ) : null}
      <Section id="runs" title="Runs">
        {runs.error ? <p className="form-error" role="alert">{runs.error.userMessage}</p> : null}
        <DataTable<MeasureRun>
          label="Measure runs"
          caption="Measure runs, newest first"
          testId="runs"
          rows={runs.data?.items ?? []}
          rowKey={(r) => r.id}
          rowClass={(r) => (r.id === selected?.id ? 'selected' : undefined)}
          empty="No runs yet."
          columns={[
            { header: 'Year', rowHeader: true, cell: (r) => <button type="button" className="link-button" aria-pressed={r.id === selected?.id} onClick={() => setPicked(r.id)}>{r.year}</button> },
            { header: 'As of', cell: (r) => fmtDate(r.asOf) },
            { header: 'Started', cell: (r) => `${fmtDateTime(r.startedAt)}${r.startedBy ? ` by ${r.startedBy}` : ''}` },
            { header: 'Status', cell: (r) => <span data-testid="run-status">{status(r)}</span> },
          ]}
        />
      </Section>
      {selected ? (
        <>
          <Section
            id="rates"
            title={`Plan rates, ${selected.year} (as of ${fmtDate(selected.asOf)})`}
            actions={selected.status === 'done' ? <a href={`/api/measure-runs/${selected.id}/results.csv`} download>Download results (CSV)</a> : undefined}
          >
            {selected.status === 'running' ? (
              <p role="status">
                <progress max={selected.membersTotal} value={selected.membersDone} /> {selected.membersDone} of {selected.membersTotal} patients
              </p>
            ) : (
              <RunRates run={selected} />
            )}
          </Section>
          {selected.status === 'done' ? (
            <Section id="rescue" title="Rescue list">
              <RescueList runId={selected.id} />
            </Section>
          ) : null}
        </>
      ) : null}
      {canRun ? <CutPointsEditor onSaved={() => runs.reload()} /> : null}
    </div>
  );
}
