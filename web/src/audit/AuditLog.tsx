// The audit log (auditor, admin): filters in the URL, newest entries first, paged, and the page on screen exported
// as CSV. Every query made here is itself written to the log by the server (action audit.search).
import { useEffect } from 'react';
import type { AuditEntry, Page } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { hasPermission } from '../auth/access.tsx';
import { useUser } from '../auth/auth.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { Pager } from '../ui/Pager.tsx';
import { AuditFilterForm } from './AuditFilterForm.tsx';
import { AuditTable } from './AuditTable.tsx';
import { auditCsv, auditCsvName, downloadFile } from './csv.ts';
import { auditApiPath, auditHref, hasFilters, PAGE_SIZE, type AuditFilters } from './filters.ts';

const FIELD_LABELS: Record<string, string> = { patientId: 'Patient id', userId: 'User id', action: 'Action', from: 'From', to: 'To' };

export function AuditLog({ filters, offset }: { filters: AuditFilters; offset: number }) {
  const user = useUser();
  const announce = useAnnounce();
  const loc = useLocation();
  const { data, error, loading, reload } = useApi<Page<AuditEntry>>(auditApiPath(filters, offset));

  useEffect(() => {
    document.title = 'Audit log — OpenMTM';
  }, []);

  const search = (f: AuditFilters) => {
    const href = auditHref(f, 0);
    // The same filters again means "look again": new entries may have arrived.
    if (href === loc.href) void reload();
    else navigate(href);
  };

  const total = data?.total ?? 0;
  const items = data?.items ?? [];
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + items.length, total);
  const filtered = hasFilters(filters);

  const exportCsv = () => {
    downloadFile(auditCsvName(first, last), auditCsv(items), 'text/csv;charset=utf-8');
    announce(`Exported ${items.length} audit ${items.length === 1 ? 'entry' : 'entries'} to CSV`);
  };

  return (
    <div className="page">
      <h1>Audit log</h1>
      <AuditFilterForm filters={filters} onSearch={search} />

      <p className="result-count" role="status" aria-live="polite">
        {error
          ? ''
          : loading && !data
            ? 'Loading audit entries…'
            : total === 0
              ? filtered
                ? 'No audit entries match these filters.'
                : 'The audit log is empty.'
              : `Showing ${first}–${last} of ${total} ${filtered ? 'matching entries' : 'entries'}, newest first`}
      </p>
      {error ? (
        <div className="form-error" role="alert">
          {/* A 422 names its fields below; its summary line ("querystring /patientId: …") would only repeat them. */}
          <p className="problem-title">{error.issues.length > 0 ? `${error.title}:` : error.userMessage}</p>
          {error.issues.length > 0 ? (
            <ul>
              {error.issues.map((i) => {
                const field = i.pointer.replace(/^\//, '');
                return <li key={i.pointer + i.message}>{`${FIELD_LABELS[field] ?? field}: ${i.message}`}</li>;
              })}
            </ul>
          ) : null}
        </div>
      ) : null}

      {items.length > 0 && !error ? (
        <>
          <div className="table-toolbar">
            <button type="button" onClick={exportCsv} disabled={loading} aria-describedby="audit-export-hint">
              Export CSV
            </button>
            <span id="audit-export-hint" className="hint">
              The {items.length} {items.length === 1 ? 'entry' : 'entries'} on this page, with the filters above
            </span>
          </div>
          <AuditTable items={items} busy={loading} canOpenCharts={hasPermission(user, 'patient:read')} />
        </>
      ) : null}

      {error ? null : <Pager offset={offset} pageSize={PAGE_SIZE} total={total} onGo={(o) => navigate(auditHref(filters, o))} />}
    </div>
  );
}
