// The work item's side of the queue: outreach (form, CMR call script, attempt history), booking an appointment,
// and assigning to a pharmacist from ranked suggestions with their reasons.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan, useUser } from '../auth/auth.tsx';
import { optionsOf, SelectField, TextAreaField, TextField, FormError } from '../forms/fields.tsx';
import { opt, useForm, type FieldErrors } from '../forms/useForm.ts';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { withPointers } from './errors.ts';
import {
  APPOINTMENT_MODES,
  CMR_SCRIPT,
  fmtChannel,
  fmtItemStatus,
  fmtMode,
  fmtOutcome,
  fmtWhen,
  localDay,
  MAX_FAILED_ATTEMPTS,
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  plusDays,
  toInstant,
  type Appointment,
  type OutreachAttempt,
  type OutreachResult,
  type Suggestions,
  type WorkItem,
} from './worklistText.ts';

// ---- outreach -------------------------------------------------------------------------------------------------

type OutreachField = 'channel' | 'outcome' | 'note' | 'declineReason';

export function OutreachPanel({ item, onChanged }: { item: WorkItem; onChanged: (message: string) => Promise<void> }) {
  const can = useCan();
  const user = useUser();
  const history = useApi<{ items: OutreachAttempt[] }>(`/api/patients/${item.patientId}/outreach`);
  const form = useForm<OutreachField>({ channel: 'phone', outcome: 'reached', note: '', declineReason: '' });
  const [last, setLast] = useState<OutreachResult | null>(null);
  const v = form.values;
  const active = item.status === 'open' || item.status === 'claimed';
  const mine = (history.data?.items ?? []).filter((a) => a.workItemId === item.id);
  const failed = mine.filter((a) => a.outcome === 'left-message' || a.outcome === 'wrong-number').length;

  const check = (): FieldErrors<OutreachField> =>
    v.outcome === 'declined' && !v.declineReason.trim() ? { declineReason: 'A decline must record the reason the patient gave' } : {};
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      const r = await api.post<OutreachResult>(`/api/worklist/${item.id}/outreach`, {
        channel: v.channel,
        outcome: v.outcome,
        note: opt(v.note),
        declineReason: v.outcome === 'declined' ? opt(v.declineReason) : undefined,
      });
      setLast(r);
      form.setMany({ note: '', declineReason: '' });
      await history.reload();
      await onChanged(
        r.itemStatus === 'unable-to-reach'
          ? `Outreach logged. ${r.failedAttempts} failed attempts: the item is now marked Unable to reach`
          : `Outreach logged: ${fmtOutcome(v.outcome)}. Item status: ${fmtItemStatus(r.itemStatus)}`,
      );
    });

  return (
    <div className="wq-outreach">
      {item.kind === 'cmr' && active ? (
        <details className="wq-script" open>
          <summary>Call script: offering the comprehensive medication review</summary>
          <ol>
            {CMR_SCRIPT.map((line, i) => (
              <li key={i}>
                {line.replace('{name}', item.patientName).replace('{me}', user.displayName).replace('{org}', user.orgName)}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <p className="wq-attempts" data-testid="failed-attempts">
        Failed attempts on this item: {failed} of {MAX_FAILED_ATTEMPTS}
        {item.status === 'unable-to-reach' ? ' — marked Unable to reach' : failed > 0 ? ` (at ${MAX_FAILED_ATTEMPTS} the item is marked Unable to reach)` : ''}
      </p>
      {last?.itemStatus === 'unable-to-reach' ? (
        <p className="notice" role="alert">
          {last.failedAttempts} attempts failed without reaching the patient: the item is now <strong>Unable to reach</strong>.
        </p>
      ) : null}
      {can('outreach:write') && active ? (
        <form ref={form.formRef} className="panel" aria-label="Log an outreach attempt" noValidate onSubmit={onSubmit}>
          <h4 className="panel-title">Log an outreach attempt</h4>
          <FormError message={form.formError} />
          <div className="field-grid">
            <SelectField form={form} name="channel" label="Channel" options={optionsOf(OUTREACH_CHANNELS, fmtChannel)} />
            <SelectField form={form} name="outcome" label="Outcome" options={optionsOf(OUTREACH_OUTCOMES, fmtOutcome)} />
            {v.outcome === 'declined' ? (
              <TextField form={form} name="declineReason" label="Reason for declining" required hint="In the patient's words" className="wide" />
            ) : null}
            <TextAreaField form={form} name="note" label="Note" className="wide" />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={form.busy}>
              {form.busy ? 'Saving…' : 'Log attempt'}
            </button>
          </div>
        </form>
      ) : null}
      <DataTable
        label="Outreach attempts"
        heading={{ id: `outreach-${item.id}`, text: `Outreach history for ${item.patientName}` }}
        rows={history.data?.items ?? []}
        empty={history.loading ? 'Loading…' : 'No outreach attempts yet.'}
        rowKey={(a) => a.id}
        testId="outreach-history"
        columns={[
          { header: 'When', rowHeader: true, className: 'nowrap', cell: (a) => fmtWhen(a.at) },
          { header: 'Channel', cell: (a) => fmtChannel(a.channel) },
          { header: 'Outcome', cell: (a) => fmtOutcome(a.outcome) },
          { header: 'Note', cell: (a) => [a.declineReason ? `Declined: ${a.declineReason}` : '', a.note ?? ''].filter(Boolean).join(' — ') || '—' },
          { header: 'By', cell: (a) => a.by.name },
          { header: 'Item', cell: (a) => (a.workItemId === item.id ? 'This item' : 'Other item') },
        ]}
      />
    </div>
  );
}

// ---- booking --------------------------------------------------------------------------------------------------

type BookField = 'pharmacistId' | 'day' | 'time' | 'minutes' | 'mode';

export function BookPanel({ item, onChanged }: { item: WorkItem; onChanged: (message: string) => Promise<void> }) {
  const user = useUser();
  const suggestions = useApi<Suggestions>(`/api/worklist/${item.id}/suggestions`);
  const pharmacists = suggestions.data?.items ?? [];
  const defaultPharmacist = user.role === 'pharmacist' ? user.id : item.assignedTo?.id ?? '';
  const form = useForm<BookField>({ pharmacistId: defaultPharmacist, day: plusDays(localDay(new Date()), 1), time: '10:00', minutes: '30', mode: 'phone' });
  const v = form.values;
  const chosen = v.pharmacistId;
  const firstEligible = pharmacists.find((p) => p.eligible)?.userId;
  const { set } = form;
  // Without a default (not a pharmacist, item unassigned), start from the best-matching eligible pharmacist.
  useEffect(() => {
    if (chosen === '' && firstEligible) set('pharmacistId', firstEligible);
  }, [chosen, firstEligible, set]);

  const check = (): FieldErrors<BookField> => {
    const errors: FieldErrors<BookField> = {};
    if (!chosen) errors.pharmacistId = 'Choose a pharmacist';
    if (!toInstant(v.day, v.time)) errors.time = 'Enter a date and a time';
    return errors;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      const appt = await withPointers(
        () =>
          api.post<Appointment>('/api/appointments', {
            patientId: item.patientId,
            pharmacistId: chosen,
            workItemId: item.id,
            start: toInstant(v.day, v.time),
            minutes: Number(v.minutes),
            mode: v.mode,
          }),
        (p) => (p === '/start' ? '/day' : p),
      );
      await onChanged(`Appointment booked with ${appt.pharmacistName} on ${fmtWhen(appt.start)} (${fmtMode(appt.mode)})`);
    });

  if (item.scheduledAt) {
    return (
      <p className="notice" data-testid="booked-notice">
        Booked for {fmtWhen(item.scheduledAt)}. Reschedule or cancel it from the pharmacist’s calendar.
      </p>
    );
  }
  return (
    <form ref={form.formRef} className="panel" aria-label="Book an appointment" noValidate onSubmit={onSubmit}>
      <h4 className="panel-title">Book an appointment</h4>
      <FormError message={form.formError} />
      <div className="field-grid">
        <SelectField
          form={form}
          name="pharmacistId"
          label="Pharmacist"
          options={[
            ...(chosen === '' ? [{ value: '', label: 'Choose a pharmacist…' }] : []),
            ...pharmacists.map((p) => ({
              value: p.userId,
              label: `${p.name}${p.eligible ? '' : ' (not licensed for this patient)'} — ${p.load}/${p.capacity} booked`,
            })),
          ]}
          hint={suggestions.loading ? 'Loading pharmacists…' : undefined}
        />
        <TextField form={form} name="day" label="Date" type="date" required />
        <Field24 form={form} />
        <SelectField form={form} name="minutes" label="Minutes" options={['15', '20', '30', '45', '60'].map((m) => ({ value: m, label: `${m} minutes` }))} />
        <SelectField form={form} name="mode" label="Mode" options={optionsOf(APPOINTMENT_MODES, fmtMode)} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Booking…' : 'Book appointment'}
        </button>
      </div>
    </form>
  );
}

/** A time input (the shared TextField offers text, date and password). */
function Field24({ form }: { form: ReturnType<typeof useForm<BookField>> }) {
  const id = useId();
  const err = form.errors.time;
  return (
    <div className={`field${err ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        Time<span className="required"> (required)</span>
      </label>
      <input
        id={id}
        type="time"
        name="time"
        value={form.values.time}
        onChange={(e) => form.set('time', e.target.value)}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${id}-error` : `${id}-hint`}
        step={300}
      />
      <p className="hint" id={`${id}-hint`}>
        Your local time
      </p>
      {err ? (
        <p className="field-error" id={`${id}-error`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

// ---- assignment -----------------------------------------------------------------------------------------------

export function AssignPanel({ item, onChanged }: { item: WorkItem; onChanged: (message: string) => Promise<void> }) {
  const suggestions = useApi<Suggestions>(`/api/worklist/${item.id}/suggestions`);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const assign = async (userId: string, name: string) => {
    setBusy(userId);
    setError(null);
    try {
      await api.post(`/api/worklist/${item.id}/assign`, { userId });
      await onChanged(`Assigned to ${name}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="wq-assign">
      <h4 className="panel-title">Assign to a pharmacist</h4>
      <p className="hint">
        Ranked by licence in the patient’s state ({item.state ?? 'unknown'}), language ({item.language}), expertise and remaining capacity.
      </p>
      <FormError message={error} />
      <DataTable
        label="Suggested pharmacists"
        caption="Suggested pharmacists"
        rows={suggestions.data?.items ?? []}
        empty={suggestions.loading ? 'Loading suggestions…' : 'No pharmacists in this organisation.'}
        rowKey={(s) => s.userId}
        rowClass={(s) => (s.eligible ? undefined : 'muted-row')}
        columns={[
          { header: 'Pharmacist', rowHeader: true, cell: (s) => s.name },
          { header: 'Score', num: true, cell: (s) => s.score },
          {
            header: 'Why',
            cell: (s) => (
              <ul className="wq-reasons">
                {s.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ),
          },
          { header: 'Load', num: true, cell: (s) => `${s.load}/${s.capacity}` },
          {
            header: 'Action',
            cell: (s) =>
              item.assignedTo?.id === s.userId ? (
                'Assigned'
              ) : (
                <button type="button" className="small" disabled={!s.eligible || busy !== null} onClick={() => void assign(s.userId, s.name)}>
                  {busy === s.userId ? 'Assigning…' : `Assign to ${s.name}`}
                </button>
              ),
          },
        ]}
      />
    </div>
  );
}
