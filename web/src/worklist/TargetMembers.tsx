// The eligible members of a finished targeting run, earliest date met first: reason code, date met, core diseases,
// drug count, projected annual cost and what the run did about their enrollment, each linked to the chart;
// filtered by reason code or enrollment outcome (e.g. the opt-outs it did not re-enroll).
import { useId, useState } from 'react';
import { withQuery } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { fmtDate, fmtMoney } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import {
  ENROLLMENT_OUTCOMES, TARGETING_REASONS, fmtDiseases, fmtOutcome, fmtReason, type TargetMembersPage, type TargetResultRow,
} from './targetingText.ts';

const PAGE = 20;

export function TargetMembers({ runId }: { runId: string }) {
  const [offset, setOffset] = useState(0);
  const [reason, setReason] = useState('');
  const [enrollment, setEnrollment] = useState('');
  const page = useApi<TargetMembersPage>(withQuery(`/api/target-runs/${runId}/members`, { reason, enrollment, limit: PAGE, offset }));
  const reasonId = useId();
  const outcomeId = useId();
  return (
    <>
      <div className="tg-members-filters" role="group" aria-label="Filter the eligible members">
        <label htmlFor={reasonId}>Reason</label>{' '}
        <select id={reasonId} value={reason} onChange={(e) => (setReason(e.target.value), setOffset(0))}>
          <option value="">Any</option>
          {Object.keys(TARGETING_REASONS).map((c) => (
            <option key={c} value={c}>
              {fmtReason(c)}
            </option>
          ))}
        </select>{' '}
        <label htmlFor={outcomeId}>Enrollment</label>{' '}
        <select id={outcomeId} value={enrollment} onChange={(e) => (setEnrollment(e.target.value), setOffset(0))}>
          <option value="">Any</option>
          {ENROLLMENT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {fmtOutcome(o)}
            </option>
          ))}
        </select>
      </div>
      {page.error ? (
        <p className="form-error" role="alert">
          {page.error.userMessage}
        </p>
      ) : null}
      <DataTable<TargetResultRow>
        label="Eligible members"
        caption="Members who met the targeting criteria"
        testId="target-members"
        rows={page.data?.items ?? []}
        rowKey={(m) => m.patientId}
        busy={page.loading}
        empty={page.loading ? 'Loading…' : 'No eligible member matches.'}
        columns={[
          { header: 'Patient', rowHeader: true, cell: (m) => <Link to={`/patients/${m.patientId}`}>{m.name}</Link> },
          { header: 'Member id', className: 'mono', cell: (m) => m.memberId ?? '—' },
          { header: 'Reason', cell: (m) => fmtReason(m.reason) },
          { header: 'Date met', className: 'nowrap', cell: (m) => fmtDate(m.dateMet) },
          { header: 'Core diseases', cell: (m) => fmtDiseases(m.coreDiseases) },
          { header: 'Drugs', num: true, cell: (m) => m.drugCount },
          { header: 'Projected annual cost', num: true, cell: (m) => fmtMoney(m.annualCost) },
          { header: 'Enrollment', cell: (m) => fmtOutcome(m.enrollment) },
        ]}
      />
      <p className="hint" role="status">
        {page.data ? `${page.data.total} eligible member${page.data.total === 1 ? '' : 's'}${reason || enrollment ? (page.data.total === 1 ? ' matches' : ' match') : ''}` : ''}
      </p>
      <Pager offset={offset} pageSize={PAGE} total={page.data?.total ?? 0} onGo={setOffset} />
    </>
  );
}
