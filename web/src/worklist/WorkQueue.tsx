// The work queue (/worklist): filters kept in the URL, counts per status, the items by priority with the factors
// that make up each score, and the actions the user's role allows — claim/release, log outreach, book, assign.
// The chosen item opens in a panel above the table with its outreach history and forms.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan, useUser } from '../auth/auth.tsx';
import { optionsOf, SelectField, TextField } from '../forms/fields.tsx';
import { useForm } from '../forms/useForm.ts';
import { fmtDate, todayIso } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import { AssignPanel, BookPanel, OutreachPanel } from './ItemPanels.tsx';
import { TakeawaysDue } from './TakeawaysDue.tsx';
import {
  fmtItemStatus,
  fmtKind,
  fmtWhen,
  NO_QUEUE_FILTERS,
  QUEUE_PAGE_SIZE,
  queueApiPath,
  queueHref,
  WORK_ITEM_KINDS,
  WORK_ITEM_STATUSES,
  type ProgramRow,
  type QueueFilters,
  type WorkItem,
  type WorklistPage,
} from './worklistText.ts';

type Mode = 'outreach' | 'book' | 'assign';
const ACTIVE = new Set(['open', 'claimed']);

function QueueFilterForm({ filters, programs, onSearch }: { filters: QueueFilters; programs: ProgramRow[]; onSearch: (f: QueueFilters) => void }) {
  const form = useForm<keyof QueueFilters>({ ...filters });
  const { setMany } = form;
  const inEffect = queueHref(filters, 0);
  useEffect(() => setMany({ ...filters }), [inEffect, setMany]);
  const onSubmit = (e: FormEvent) =>
    void form.submit(
      e,
      () => {
        const s = form.values.state.trim();
        const l = form.values.language.trim();
        return {
          state: s && !/^[A-Za-z]{2}$/.test(s) ? 'Two letters, e.g. NY' : undefined,
          language: l && !/^[A-Za-z-]{2,10}$/.test(l) ? 'A language code such as en or es' : undefined,
        };
      },
      async () => onSearch({ ...form.values, state: form.values.state.trim().toUpperCase(), language: form.values.language.trim().toLowerCase() }),
    );
  return (
    <form ref={form.formRef} className="filters wq-filters" role="search" aria-label="Filter the work queue" noValidate onSubmit={onSubmit}>
      <div className="filter-row">
        <SelectField form={form} name="program" label="Program" options={[{ value: '', label: 'All programs' }, ...programs.map((p) => ({ value: p.id, label: p.name }))]} />
        <SelectField
          form={form}
          name="status"
          label="Status"
          options={[{ value: '', label: 'To do (open or claimed)' }, { value: 'all', label: 'All' }, ...optionsOf(WORK_ITEM_STATUSES, fmtItemStatus)]}
        />
        <SelectField form={form} name="kind" label="Kind" options={[{ value: '', label: 'Any kind' }, ...optionsOf(WORK_ITEM_KINDS, fmtKind)]} />
        <TextField form={form} name="dueBefore" label="Due before" type="date" className="wq-f-date" />
        <TextField form={form} name="language" label="Language" placeholder="e.g. es" className="wq-f-short" />
        <TextField form={form} name="state" label="State" placeholder="e.g. NY" className="wq-f-short" />
        <SelectField
          form={form}
          name="assignedTo"
          label="Assigned to"
          options={[
            { value: '', label: 'Anyone or no one' },
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'No one (unassigned)' },
          ]}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setMany({ ...NO_QUEUE_FILTERS });
            onSearch(NO_QUEUE_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

function Priority({ item }: { item: WorkItem }) {
  return (
    <details className="wq-priority">
      <summary aria-label={`Priority ${item.priority}: show why`}>
        <strong>{item.priority}</strong> <span className="sub-inline">why?</span>
      </summary>
      <ul>
        {item.priorityFactors.map((f) => (
          <li key={f.factor}>
            <span className="wq-points">+{f.points}</span> {f.factor}
          </li>
        ))}
      </ul>
    </details>
  );
}

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

function ItemDetail({ id, mode, setMode, onClose, onChanged }: { id: string; mode: Mode; setMode: (m: Mode) => void; onClose: () => void; onChanged: () => Promise<void> }) {
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

export function WorkQueue({ filters, offset }: { filters: QueueFilters; offset: number }) {
  const user = useUser();
  const can = useCan();
  const announce = useAnnounce();
  const loc = useLocation();
  const programs = useApi<{ items: ProgramRow[] }>('/api/programs');
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
        <WithSub sub={`${i.language} · ${i.state ?? '—'}`}>
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
      <QueueFilterForm filters={filters} programs={programs.data?.items ?? []} onSearch={search} />
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
