// The work queue (/worklist): filters kept in the URL, counts per status, the items by priority with the factors
// that make up each score, and the actions the user's role allows — claim/release, log outreach, book, assign.
// The chosen item opens in a panel above the table with its outreach history and forms.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan, useUser } from '../auth/auth.tsx';
import { fmtDate, todayIso } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import { ACTIVE, ItemDetail, type Mode } from './ItemDetail.tsx';
import { Priority, QueueFilterForm } from './QueueFilterForm.tsx';
import { TakeawaysDue } from './TakeawaysDue.tsx';
import {
  fmtItemStatus,
  fmtKind,
  fmtWhen,
  QUEUE_PAGE_SIZE,
  queueApiPath,
  queueHref,
  WORK_ITEM_STATUSES,
  type Pharmacy,
  type ProgramRow,
  type QueueFilters,
  type WorkItem,
  type WorklistPage,
} from './worklistText.ts';

export function WorkQueue({ filters, offset }: { filters: QueueFilters; offset: number }) {
  const user = useUser();
  const can = useCan();
  const announce = useAnnounce();
  const loc = useLocation();
  const programs = useApi<{ items: ProgramRow[] }>('/api/programs');
  const pharmacies = useApi<{ items: Pharmacy[] }>('/api/pharmacies');
  const { data, error, loading, reload } = useApi<WorklistPage>(queueApiPath(filters, offset));
  const [selected, setSelected] = useState<{ id: string; mode: Mode } | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const today = todayIso();

  useEffect(() => {
    document.title = 'Work queue — OpenMTM';
  }, []);

  const search = (f: QueueFilters) => {
    const href = queueHref(f, 0);
    if (href === loc.href) void reload();
    else navigate(href);
  };

  const act = async (item: WorkItem, what: 'claim' | 'release') => {
    setRowError(null);
    try {
      await api.post(`/api/worklist/${item.id}/${what}`);
      await reload();
      announce(what === 'claim' ? `Claimed: ${fmtKind(item.kind)} for ${item.patientName}` : `Released to the queue: ${fmtKind(item.kind)} for ${item.patientName}`);
    } catch (e) {
      setRowError(e instanceof ApiError ? e.userMessage : String(e));
      await reload();
    }
  };
  const open = (item: WorkItem, mode: Mode) => {
    setSelected({ id: item.id, mode });
    window.scrollTo(0, 0);
  };

  const columns: Column<WorkItem>[] = [
    {
      header: 'Patient',
      rowHeader: true,
      cell: (i) => (
        <WithSub sub={<span data-testid="item-where">{[i.language, i.state ?? '—', i.pharmacy?.name].filter(Boolean).join(' · ')}</span>}>
          <Link to={`/patients/${i.patientId}`}>{i.patientName}</Link>
        </WithSub>
      ),
    },
    { header: 'Kind', cell: (i) => <span className={`tag wq-kind-${i.kind}`}>{fmtKind(i.kind)}</span> },
    {
      header: 'Due',
      className: 'nowrap',
      cell: (i) => {
        const overdue = ACTIVE.has(i.status) && i.dueDate < today;
        return (
          <WithSub sub={i.scheduledAt ? <span data-testid="scheduled-at">Booked {fmtWhen(i.scheduledAt)}</span> : null}>
            <span className={overdue ? 'wq-overdue' : undefined}>
              {fmtDate(i.dueDate)}
              {overdue ? ' (overdue)' : ''}
            </span>
          </WithSub>
        );
      },
    },
    { header: 'Why in the queue', className: 'wq-reason-cell', cell: (i) => i.reason },
    { header: 'Priority', cell: (i) => <Priority item={i} /> },
    { header: 'Status', cell: (i) => <span className={`wq-status wq-status-${i.status}`}>{fmtItemStatus(i.status)}</span> },
    { header: 'Assigned to', cell: (i) => i.assignedTo?.name ?? <span className="muted">No one</span> },
    {
      header: 'Actions',
      cell: (i) => {
        const active = ACTIVE.has(i.status);
        return (
          <div className="wq-actions">
            {can('outreach:write') && i.status === 'open' ? (
              <button type="button" className="small" onClick={() => void act(i, 'claim')}>
                Claim
              </button>
            ) : null}
            {i.status === 'claimed' && i.assignedTo?.id === user.id ? (
              <button type="button" className="small" onClick={() => void act(i, 'release')}>
                Release
              </button>
            ) : null}
            {can('worklist:assign') && active ? (
              <button type="button" className="small" onClick={() => open(i, 'assign')}>
                Assign…
              </button>
            ) : null}
            {can('outreach:write') && active ? (
              <>
                <button type="button" className="small" onClick={() => open(i, 'outreach')}>
                  Log outreach
                </button>
                {i.scheduledAt ? null : (
                  <button type="button" className="small" onClick={() => open(i, 'book')}>
                    Book
                  </button>
                )}
              </>
            ) : (
              <button type="button" className="small" onClick={() => open(i, 'outreach')}>
                Details
              </button>
            )}
          </div>
        );
      },
    },
  ];

  const total = data?.total ?? 0;
  const items = data?.items ?? [];
  const counts = data?.counts ?? {};
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + items.length, total);
  const statusHref = (status: string) => queueHref({ ...filters, status }, 0);

  return (
    <div className="page wq-page">
      <h1>Work queue</h1>
      <QueueFilterForm filters={filters} programs={programs.data?.items ?? []} pharmacies={pharmacies.data?.items ?? []} onSearch={search} />
      <TakeawaysDue />
      <nav className="wq-counts" aria-label="Items per status">
        <ul>
          {WORK_ITEM_STATUSES.map((s) => (
            <li key={s}>
              <Link to={statusHref(s)} aria-current={filters.status === s ? 'true' : undefined} data-testid={`count-${s}`}>
                {fmtItemStatus(s)} <span className="count">{counts[s] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {selected ? (
        <ItemDetail
          key={selected.id}
          id={selected.id}
          mode={selected.mode}
          setMode={(mode) => setSelected({ ...selected, mode })}
          onClose={() => setSelected(null)}
          onChanged={reload}
        />
      ) : null}
      <p className="result-count" role="status" aria-live="polite">
        {error ? '' : loading && !data ? 'Loading the queue…' : total === 0 ? 'No items match these filters.' : `Showing ${first}–${last} of ${total}, highest priority first`}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error.userMessage}
        </p>
      ) : null}
      {rowError ? (
        <p className="form-error" role="alert">
          {rowError}
        </p>
      ) : null}
      {items.length > 0 ? (
        <DataTable
          label="Work items"
          caption="Work items"
          className="wq-table"
          busy={loading}
          rows={items}
          columns={columns}
          rowKey={(i) => i.id}
          rowClass={(i) => (selected?.id === i.id ? 'wq-selected' : undefined)}
          rowProps={(i) => ({ 'data-item-id': i.id, 'data-kind': i.kind })}
        />
      ) : null}
      <Pager offset={offset} pageSize={QUEUE_PAGE_SIZE} total={total} onGo={(o) => navigate(queueHref(filters, o))} />
    </div>
  );
}
