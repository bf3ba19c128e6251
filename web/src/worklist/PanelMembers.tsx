// The members of a finished panel program run (Medicaid, commercial, employer, clinic): by default those who qualify,
// or those the record could not assess (to go and get the missing data), or those who do not; each with every
// criterion's outcome and the facts behind it, what the record lacks, and what the run did about their enrollment.
import { useId, useState } from 'react';
import { withQuery } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import {
  ENROLLMENT_OUTCOMES, PANEL_DECISIONS, fmtCriterion, fmtCriterionStatus, fmtDecision, fmtOutcome, type PanelDecisionCode, type TargetMembersPage,
  type TargetResultRow,
} from './targetingText.ts';

const PAGE = 20;

function Criteria({ m }: { m: TargetResultRow }) {
  return (
    <ul className="tg-criteria">
      {(m.outcomes ?? []).map((o) => (
        <li key={o.criterion} className={`tg-criterion tg-${o.status}`}>
          <strong>{fmtCriterion(o.criterion)}</strong>: {fmtCriterionStatus(o.status)} — {o.detail}
        </li>
      ))}
    </ul>
  );
}

export function PanelMembers({ runId }: { runId: string }) {
  const [offset, setOffset] = useState(0);
  const [decision, setDecision] = useState<PanelDecisionCode>('qualifies');
  const [enrollment, setEnrollment] = useState('');
  const page = useApi<TargetMembersPage>(
    withQuery(`/api/target-runs/${runId}/members`, { decision, enrollment: decision === 'qualifies' ? enrollment : '', limit: PAGE, offset }),
  );
  const decisionId = useId();
  const outcomeId = useId();
  const total = page.data?.total ?? 0;
  return (
    <>
      <div className="tg-members-filters" role="group" aria-label="Filter the members">
        <label htmlFor={decisionId}>Decision</label>{' '}
        <select id={decisionId} value={decision} onChange={(e) => (setDecision(e.target.value as PanelDecisionCode), setOffset(0))}>
          {PANEL_DECISIONS.map((d) => (
            <option key={d} value={d}>
              {fmtDecision(d)}
            </option>
          ))}
        </select>{' '}
        {decision === 'qualifies' ? (
          <>
            <label htmlFor={outcomeId}>Enrollment</label>{' '}
            <select id={outcomeId} value={enrollment} onChange={(e) => (setEnrollment(e.target.value), setOffset(0))}>
              <option value="">Any</option>
              {ENROLLMENT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {fmtOutcome(o)}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
      {page.error ? (
        <p className="form-error" role="alert">
          {page.error.userMessage}
        </p>
      ) : null}
      <DataTable<TargetResultRow>
        label="Panel members"
        caption={`Members: ${fmtDecision(decision).toLowerCase()}, with the outcome of every criterion`}
        testId="target-members"
        rows={page.data?.items ?? []}
        rowKey={(m) => m.patientId}
        busy={page.loading}
        empty={page.loading ? 'Loading…' : 'No member matches.'}
        columns={[
          { header: 'Patient', rowHeader: true, cell: (m) => <Link to={`/patients/${m.patientId}`}>{m.name}</Link> },
          { header: 'Member id', className: 'mono', cell: (m) => m.memberId ?? '—' },
          { header: 'Decision', cell: (m) => fmtDecision(m.decision) },
          { header: 'Why', cell: (m) => <Criteria m={m} /> },
          { header: 'Notes', cell: (m) => (m.notes.length ? m.notes.join('; ') : '—') },
          { header: 'Enrollment', cell: (m) => fmtOutcome(m.enrollment) },
        ]}
      />
      <p className="hint" role="status">
        {page.data ? `${total} member${total === 1 ? '' : 's'}: ${fmtDecision(decision).toLowerCase()}${enrollment && decision === 'qualifies' ? `, ${fmtOutcome(enrollment as TargetResultRow['enrollment'])}` : ''}` : ''}
      </p>
      <Pager offset={offset} pageSize={PAGE} total={total} onGo={setOffset} />
    </>
  );
}
