// Patient search: one box (name, date of birth, member id), paged results. The query lives in the URL so
// Back, reload and shared links return to the same results.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { withQuery } from '../api/client.ts';
import type { Page, PatientSummary } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ageYears, fmtDate, fmtSex } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { Pager } from '../ui/Pager.tsx';
import { DataTable, type Column } from '../ui/DataTable.tsx';
import { rememberSearch } from './searchState.ts';

export const PAGE_SIZE = 25;

const searchHref = (q: string, offset: number) => withQuery('/patients', { q: q.trim(), offset: offset > 0 ? offset : undefined });

const PATIENT_COLUMNS: Column<PatientSummary>[] = [
  {
    header: 'Name',
    rowHeader: true,
    cell: (p) => (
      <Link to={`/patients/${p.id}`}>
        {p.lastName}, {p.firstName}
      </Link>
    ),
  },
  { header: 'Date of birth', className: 'nowrap', cell: (p) => fmtDate(p.birthDate) },
  { header: 'Age', num: true, cell: (p) => ageYears(p.birthDate) ?? '—' },
  { header: 'Sex', cell: (p) => fmtSex(p.sex) },
  { header: 'Member ids', className: 'mono', cell: (p) => (p.memberIds.length ? p.memberIds.join(', ') : '—') },
  { header: 'State', cell: (p) => p.state ?? '—' },
  { header: 'Active meds', num: true, cell: (p) => p.activeMedicationCount },
];

export function PatientSearch({ q, offset }: { q: string; offset: number }) {
  const [text, setText] = useState(q);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement | null>(null);
  const path = withQuery('/api/patients', { q: q.trim(), limit: PAGE_SIZE, offset });
  const { data, error, loading } = useApi<Page<PatientSummary>>(path);

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    document.title = 'Patients — OpenMTM';
    inputRef.current?.focus();
  }, []);
  useEffect(() => rememberSearch(searchHref(q, offset)), [q, offset]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(searchHref(text, 0));
  };
  const go = (nextOffset: number) => navigate(searchHref(q, nextOffset));

  const total = data?.total ?? 0;
  const items = data?.items ?? [];
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + items.length, total);

  return (
    <div className="page">
      <h1>Patients</h1>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor={inputId}>Find a patient</label>
        <div className="search-row">
          <input
            id={inputId}
            ref={inputRef}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Name, date of birth (YYYY-MM-DD or MM/DD/YYYY) or member id"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>

      <p className="result-count" role="status" aria-live="polite">
        {error
          ? ''
          : loading && !data
            ? 'Searching…'
            : total === 0
              ? q
                ? `No patients match “${q}”.`
                : 'No patients yet.'
              : `Showing ${first}–${last} of ${total}${q ? ` for “${q}”` : ''}`}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error.userMessage}
        </p>
      ) : null}

      {items.length > 0 ? (
        <DataTable
          label="Patients"
          className="results"
          busy={loading}
          rows={items}
          columns={PATIENT_COLUMNS}
          rowKey={(p) => p.id}
          rowClass={() => 'clickable'}
          rowProps={(p) => ({
            // The whole row opens the chart for mouse users; the name link is the keyboard/screen-reader path.
            onClick: (e) => {
              if ((e.target as HTMLElement).closest('a')) return;
              navigate(`/patients/${p.id}`);
            },
          })}
        />
      ) : null}

      <Pager offset={offset} pageSize={PAGE_SIZE} total={total} onGo={go} />
    </div>
  );
}
