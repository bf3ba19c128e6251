// One page of audit entries. Times are the viewer's local time with seconds; refusals and errors are marked by
// an icon, a word and a row stripe (never by colour alone); a patient id opens the chart only for users who may
// read charts; the detail object stays folded in a <details> until asked for.
import type { AuditEntry, AuditOutcome } from '../api/types.ts';
import { capitalize, fmtDateTimeSeconds, orDash } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';

const OUTCOME: Record<AuditOutcome, { icon: string; label: string }> = {
  success: { icon: '✓', label: 'Success' },
  denied: { icon: '✖', label: 'Denied' },
  error: { icon: '⚠', label: 'Error' },
};

function Outcome({ outcome }: { outcome: AuditOutcome }) {
  const o = OUTCOME[outcome] ?? { icon: '?', label: outcome };
  return (
    <span className={`outcome outcome-${outcome}`}>
      <span aria-hidden="true">{o.icon} </span>
      {o.label}
    </span>
  );
}

/** A one-line preview for the folded state: `view: chart`, `q: "smith"; total: 3; …`. */
function preview(detail: Record<string, unknown>): string {
  const text = Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

function Detail({ detail }: { detail: Record<string, unknown> | null }) {
  if (detail === null || Object.keys(detail).length === 0) return <>—</>;
  return (
    <details className="audit-detail">
      <summary>{preview(detail)}</summary>
      <pre>{JSON.stringify(detail, null, 2)}</pre>
    </details>
  );
}

/** Local date and time with seconds; may wrap after the date, never inside either part. */
function Time({ iso }: { iso: string }) {
  const text = fmtDateTimeSeconds(iso);
  const cut = text.indexOf(', ');
  return (
    <time dateTime={iso} title={iso}>
      {cut < 0 ? (
        text
      ) : (
        <>
          <span className="nowrap">{text.slice(0, cut + 1)}</span> <span className="nowrap">{text.slice(cut + 2)}</span>
        </>
      )}
    </time>
  );
}

function auditColumns(canOpenCharts: boolean): Column<AuditEntry>[] {
  return [
    { header: 'Time', rowHeader: true, cell: (e) => <Time iso={e.at} /> },
    { header: 'User', cell: (e) => <WithSub sub={e.userId} className="sub mono id-cell">{orDash(e.username)}</WithSub> },
    { header: 'Role', cell: (e) => capitalize(e.role) },
    { header: 'Action', className: 'mono nowrap', cell: (e) => e.action },
    { header: 'Outcome', className: 'nowrap', cell: (e) => <Outcome outcome={e.outcome} /> },
    {
      header: 'Patient id',
      className: 'mono id-cell',
      cell: (e) => (e.patientId === null ? '—' : canOpenCharts ? <Link to={`/patients/${e.patientId}`}>{e.patientId}</Link> : e.patientId),
    },
    { header: 'Resource', cell: (e) => <WithSub sub={e.resourceId} className="sub mono id-cell">{e.resourceType}</WithSub> },
    { header: 'IP', className: 'mono nowrap', cell: (e) => orDash(e.ip) },
    { header: 'User agent', className: 'user-agent', cell: (e) => orDash(e.userAgent) },
    { header: 'Detail', cell: (e) => <Detail detail={e.detail} /> },
  ];
}

export function AuditTable({ items, busy, canOpenCharts }: { items: AuditEntry[]; busy: boolean; canOpenCharts: boolean }) {
  return (
    <DataTable
      label="Audit entries"
      className="results audit-table"
      busy={busy}
      rows={items}
      columns={auditColumns(canOpenCharts)}
      rowKey={(e) => e.id}
      rowClass={(e) => (e.outcome === 'success' ? undefined : `audit-${e.outcome}`)}
      rowProps={(e) => ({ 'data-outcome': e.outcome })}
    />
  );
}
