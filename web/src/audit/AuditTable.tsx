// One page of audit entries. Times are the viewer's local time with seconds; refusals and errors are marked by
// an icon, a word and a row stripe (never by colour alone); a patient id opens the chart only for users who may
// read charts; the detail object stays folded in a <details> until asked for.
import type { AuditEntry, AuditOutcome } from '../api/types.ts';
import { capitalize, fmtDateTimeSeconds, orDash } from '../format.ts';
import { Link } from '../router.tsx';
import { TableWrap } from '../ui/Section.tsx';

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

export function AuditTable({ items, busy, canOpenCharts }: { items: AuditEntry[]; busy: boolean; canOpenCharts: boolean }) {
  return (
    <TableWrap label="Audit entries">
      <table className="results audit-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Patient id</th>
            <th scope="col">Resource</th>
            <th scope="col">IP</th>
            <th scope="col">User agent</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} className={e.outcome === 'success' ? undefined : `audit-${e.outcome}`} data-outcome={e.outcome}>
              <th scope="row">
                <Time iso={e.at} />
              </th>
              <td>
                {orDash(e.username)}
                {e.userId ? <span className="sub mono id-cell">{e.userId}</span> : null}
              </td>
              <td>{capitalize(e.role)}</td>
              <td className="mono nowrap">{e.action}</td>
              <td className="nowrap">
                <Outcome outcome={e.outcome} />
              </td>
              <td className="mono id-cell">
                {e.patientId === null ? '—' : canOpenCharts ? <Link to={`/patients/${e.patientId}`}>{e.patientId}</Link> : e.patientId}
              </td>
              <td>
                {e.resourceType}
                {e.resourceId ? <span className="sub mono id-cell">{e.resourceId}</span> : null}
              </td>
              <td className="mono nowrap">{orDash(e.ip)}</td>
              <td className="user-agent">{orDash(e.userAgent)}</td>
              <td>
                <Detail detail={e.detail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
