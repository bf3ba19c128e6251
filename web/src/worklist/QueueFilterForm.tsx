// The work queue's filters (kept in the URL by the page) and the explained priority of one item.
import { useEffect, type FormEvent } from 'react';
import { optionsOf, SelectField, TextField } from '../forms/fields.tsx';
import { useForm } from '../forms/useForm.ts';
import {
  fmtItemStatus,
  fmtKind,
  NO_QUEUE_FILTERS,
  queueHref,
  WORK_ITEM_KINDS,
  WORK_ITEM_STATUSES,
  type Pharmacy,
  type ProgramRow,
  type QueueFilters,
  type WorkItem,
} from './worklistText.ts';

export function QueueFilterForm({
  filters,
  programs,
  pharmacies,
  onSearch,
}: {
  filters: QueueFilters;
  programs: ProgramRow[];
  pharmacies: Pharmacy[];
  onSearch: (f: QueueFilters) => void;
}) {
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
  // A pharmacy in the URL that is not in the list (another organisation's, or deleted) still shows as chosen.
  const pharmacyOptions = pharmacies.map((p) => ({ value: p.id, label: `${p.name} (${p.state})` }));
  if (filters.pharmacy && !pharmacies.some((p) => p.id === filters.pharmacy)) pharmacyOptions.push({ value: filters.pharmacy, label: 'Unknown pharmacy' });
  return (
    <form ref={form.formRef} className="filters wq-filters" role="search" aria-label="Filter the work queue" noValidate onSubmit={onSubmit}>
      <div className="filter-row">
        <SelectField form={form} name="program" label="Program" options={[{ value: '', label: 'All programs' }, ...programs.map((p) => ({ value: p.id, label: p.name }))]} />
        <SelectField form={form} name="pharmacy" label="Pharmacy" options={[{ value: '', label: 'All pharmacies' }, ...pharmacyOptions]} />
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

export function Priority({ item }: { item: WorkItem }) {
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

