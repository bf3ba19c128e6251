// The audit log's filter form: patient id, user id, action (known list or typed), date range. Checked here first
// (ids must be UUIDs, To not before From) so the server's 422 is the exception, not the way to learn the format.
import { useEffect, useId, type FormEvent } from 'react';
import { SelectField, TextField } from '../forms/fields.tsx';
import { useForm, type FieldErrors } from '../forms/useForm.ts';
import { ACTION_GROUPS, auditHref, KNOWN_ACTIONS, NO_FILTERS, type AuditFilters } from './filters.ts';

const OTHER = '__other__';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION_CHOICES = [...ACTION_GROUPS, { label: 'Other', options: [{ value: OTHER, label: 'Other action (type it)…' }] }];

type Field = 'patientId' | 'userId' | 'action' | 'actionOther' | 'from' | 'to';

function toValues(f: AuditFilters): Record<Field, string> {
  const known = f.action === '' || KNOWN_ACTIONS.has(f.action);
  return { ...f, action: known ? f.action : OTHER, actionOther: known ? '' : f.action };
}

export function AuditFilterForm({ filters, onSearch }: { filters: AuditFilters; onSearch: (f: AuditFilters) => void }) {
  const form = useForm<Field>(toValues(filters));
  const v = form.values;
  const datesHint = useId();
  const { setMany } = form;

  // Back, Forward and links change the URL: show the filters that are in effect (keyed by value, not identity).
  const inEffect = auditHref(filters, 0);
  useEffect(() => setMany(toValues(filters)), [inEffect, setMany]);

  const chosen = (): AuditFilters => ({
    patientId: v.patientId.trim(),
    userId: v.userId.trim(),
    action: v.action === OTHER ? v.actionOther.trim() : v.action,
    from: v.from,
    to: v.to,
  });

  const check = () => {
    const f = chosen();
    const errors: FieldErrors<Field> = {};
    const idMessage = 'Enter the full id, a UUID such as 0b6f4c52-8a1e-4d8e-9f3a-2c5d7e9b1a40';
    if (f.patientId && !UUID.test(f.patientId)) errors.patientId = idMessage;
    if (f.userId && !UUID.test(f.userId)) errors.userId = idMessage;
    if (v.action === OTHER && f.action === '') errors.actionOther = 'Type an action name, or choose one from the list';
    if (f.action.length > 100) errors.actionOther = 'At most 100 characters';
    if (f.from && f.to && f.to < f.from) errors.to = 'Must not be before the From date';
    return errors;
  };

  const onSubmit = (e: FormEvent) => void form.submit(e, check, async () => onSearch(chosen()));

  return (
    <form ref={form.formRef} className="filters" role="search" aria-label="Filter the audit log" noValidate onSubmit={onSubmit}>
      <div className="filter-row">
        <TextField form={form} name="patientId" label="Patient id" className="f-id" placeholder="UUID" />
        <TextField form={form} name="userId" label="User id" className="f-id" placeholder="UUID" hint="Shown under each user name in the results" />
        <SelectField form={form} name="action" label="Action" className="f-action" options={[{ value: '', label: 'Any action' }]} groups={ACTION_CHOICES} />
        {v.action === OTHER ? (
          <TextField form={form} name="actionOther" label="Other action" className="f-action" required hint="Exact name, e.g. prescriber.search" />
        ) : null}
        <fieldset className="f-dates" aria-describedby={datesHint}>
          <legend>Date range</legend>
          <TextField form={form} name="from" label="From" type="date" className="f-date" />
          <TextField form={form} name="to" label="To" type="date" className="f-date" />
          <p className="hint" id={datesHint}>
            Whole days, both included, in the server’s time zone (UTC unless configured)
          </p>
        </fieldset>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Search
        </button>
        <button
          type="button"
          onClick={() => {
            setMany(toValues(NO_FILTERS));
            onSearch(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
