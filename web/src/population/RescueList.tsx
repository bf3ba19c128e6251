// The rescue list of a run: members below 80% on an adherence measure whom one refill by a date still brings to
// 80% this year, most urgent first, each linked to the chart.
import { useState } from 'react';
import { withQuery } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { daysBetween, fmtDate } from '../format.ts';
import { fmtPct, measureName } from '../measures/measureText.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import type { RescueItem, RescuePage } from './types.ts';

const PAGE = 25;

export function RescueList({ runId }: { runId: string }) {
  const [offset, setOffset] = useState(0);
  const page = useApi<RescuePage>(withQuery(`/api/measure-runs/${runId}/rescue`, { limit: PAGE, offset }));
  if (page.error) return <p className="form-error" role="alert">{page.error.userMessage}</p>;
  if (!page.data) return <p role="status">Loading the rescue list…</p>;
  const asOf = page.data.asOf;
  return (
    <>
      <p className="hint">
        {page.data.total} member-measure{page.data.total === 1 ? '' : 's'} below 80% that one refill can still bring to 80% this year, as of {fmtDate(asOf)}.
      </p>
      <DataTable<RescueItem>
        label="Rescue list"
        caption="Members one refill away from 80%"
        testId="rescue-list"
        rows={page.data.items}
        rowKey={(r) => `${r.patientId}:${r.measure}`}
        busy={page.loading}
        empty="Nobody on this run needs a refill to reach 80%."
        columns={[
          { header: 'Patient', rowHeader: true, cell: (r) => <Link to={`/patients/${r.patientId}`}>{r.name}</Link> },
          { header: 'Date of birth', cell: (r) => fmtDate(r.birthDate) },
          { header: 'Member id', cell: (r) => r.memberId ?? '—' },
          { header: 'Measure', cell: (r) => measureName(r.measure) },
          { header: 'PDC without a refill', num: true, cell: (r) => fmtPct(r.pdc) },
          { header: 'Refill by', cell: (r) => fmtDate(r.refillBy) },
          { header: 'Days left', num: true, cell: (r) => daysBetween(asOf, r.refillBy) },
        ]}
      />
      <Pager offset={offset} pageSize={PAGE} total={page.data.total} onGo={setOffset} />
    </>
  );
}
