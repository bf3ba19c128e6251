// A pharmacist's week (/calendar?week=YYYY-MM-DD&pharmacist=…): appointments listed by day, with reschedule,
// cancel and no-show. Pharmacists start on their own calendar; anyone may pick a pharmacist from GET /api/pharmacists.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, withQuery } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan, useUser } from '../auth/auth.tsx';
import { FormError, optionsOf, SelectField, TextField } from '../forms/fields.tsx';
import { useForm } from '../forms/useForm.ts';
import { Link, navigate } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { withPointers } from './errors.ts';
import {
  APPOINTMENT_MODES,
  fmtApptStatus,
  fmtDayHeading,
  fmtKind,
  fmtMode,
  fmtTime,
  localDay,
  localTime,
  mondayOf,
  plusDays,
  toInstant,
  type Appointment,
  type CalendarPage as CalendarData,
  type PharmacistSummary,
} from './worklistText.ts';

export const calendarHref = (week: string, pharmacist: string) => withQuery('/calendar', { week, pharmacist });

/** The organisation's pharmacists, for the picker (a pharmacist starts on their own calendar). */
function usePharmacists(): PharmacistSummary[] {
  return useApi<{ items: PharmacistSummary[] }>('/api/pharmacists').data?.items ?? [];
}

type Field = 'day' | 'time' | 'minutes' | 'mode';

function Reschedule({ appt, onDone, onCancel }: { appt: Appointment; onDone: (m: string) => Promise<void>; onCancel: () => void }) {
  const start = new Date(appt.start);
  const form = useForm<Field>({ day: localDay(start), time: localTime(start), minutes: String(appt.minutes), mode: appt.mode });
  const v = form.values;
  const onSubmit = (e: FormEvent) =>
    void form.submit(
      e,
      () => (toInstant(v.day, v.time) ? {} : { time: 'Enter a date and a time (HH:MM)' }),
      async () => {
        const moved = await withPointers(
          () => api.patch<Appointment>(`/api/appointments/${appt.id}`, { start: toInstant(v.day, v.time), minutes: Number(v.minutes), mode: v.mode }),
          (p) => (p === '/start' ? '/day' : p),
        );
        await onDone(`Rescheduled to ${fmtDayHeading(localDay(new Date(moved.start)))} at ${fmtTime(moved.start)}`);
      },
    );
  return (
    <form ref={form.formRef} className="panel cal-form" aria-label={`Reschedule ${appt.patientName}`} noValidate onSubmit={onSubmit}>
      <FormError message={form.formError} />
      <div className="field-grid">
        <TextField form={form} name="day" label="New date" type="date" />
        <TextField form={form} name="time" label="New time (HH:MM, local)" placeholder="14:30" />
        <SelectField form={form} name="minutes" label="Minutes" options={['15', '20', '30', '45', '60'].map((m) => ({ value: m, label: `${m} minutes` }))} />
        <SelectField form={form} name="mode" label="Mode" options={optionsOf(APPOINTMENT_MODES, fmtMode)} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Save new time
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AppointmentRow({ appt, onChanged }: { appt: Appointment; onChanged: (m: string) => Promise<void> }) {
  const can = useCan();
  const [panel, setPanel] = useState<'reschedule' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const patch = async (body: Record<string, unknown>, message: string) => {
    setError(null);
    try {
      await api.patch(`/api/appointments/${appt.id}`, body);
      setPanel(null);
      await onChanged(message);
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : String(e));
    }
  };
  const booked = appt.status === 'booked';
  return (
    <li className={`cal-appt cal-${appt.status}`} data-testid="appointment">
      <div className="cal-line">
        <span className="cal-time">
          {fmtTime(appt.start)}–{fmtTime(appt.end)}
        </span>
        <span className="cal-who">
          <Link to={`/patients/${appt.patientId}`}>{appt.patientName}</Link>
          {appt.workItemKind ? <span className="tag">{fmtKind(appt.workItemKind)}</span> : null}
        </span>
        <span className="cal-mode">
          {fmtMode(appt.mode)} · {appt.minutes} min
        </span>
        <span className={`cal-status cal-status-${appt.status}`}>{fmtApptStatus(appt.status)}</span>
        {booked && can('outreach:write') ? (
          <span className="cal-actions">
            <button type="button" className="small" aria-expanded={panel === 'reschedule'} onClick={() => setPanel(panel === 'reschedule' ? null : 'reschedule')}>
              Reschedule
            </button>
            <button type="button" className="small" aria-expanded={panel === 'cancel'} onClick={() => setPanel(panel === 'cancel' ? null : 'cancel')}>
              Cancel…
            </button>
            <button type="button" className="small" onClick={() => void patch({ status: 'no-show' }, `${appt.patientName} marked as a no-show`)}>
              No-show
            </button>
          </span>
        ) : null}
      </div>
      {appt.statusReason ? <p className="muted cal-reason">{appt.statusReason}</p> : null}
      {booked && appt.reminders.length > 0 ? (
        <p className="sub cal-reminders">Reminders: {appt.reminders.map((r) => `${r.channel} ${new Date(r.sendAt).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}`).join(', ')}</p>
      ) : null}
      <FormError message={error} />
      {panel === 'reschedule' ? (
        <Reschedule
          appt={appt}
          onCancel={() => setPanel(null)}
          onDone={async (m) => {
            setPanel(null);
            await onChanged(m);
          }}
        />
      ) : panel === 'cancel' ? (
        <form
          className="panel cal-form"
          aria-label={`Cancel the appointment with ${appt.patientName}`}
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ status: 'cancelled', reason: reason.trim() || undefined }, `Appointment with ${appt.patientName} cancelled`);
          }}
        >
          <label htmlFor={`cancel-${appt.id}`}>Reason for cancelling</label>
          <input id={`cancel-${appt.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary">
              Cancel appointment
            </button>
            <button type="button" onClick={() => setPanel(null)}>
              Keep it
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

export function CalendarPage({ week, pharmacist }: { week: string; pharmacist: string }) {
  const user = useUser();
  const announce = useAnnounce();
  const isPharmacist = user.role === 'pharmacist';
  const pharmacists = usePharmacists();
  const who = pharmacist || (isPharmacist ? user.id : '');
  const monday = mondayOf(/^\d{4}-\d{2}-\d{2}$/.test(week) ? week : localDay(new Date()));
  const days = Array.from({ length: 7 }, (_, i) => plusDays(monday, i));
  // The API takes UTC days: ask one day either side and place each appointment on its local day.
  const path = who ? withQuery('/api/calendar', { pharmacist: who, from: plusDays(monday, -1), to: plusDays(monday, 7) }) : null;
  const { data, error, loading, reload } = useApi<CalendarData>(path);

  useEffect(() => {
    document.title = 'Calendar — OpenMTM';
  }, []);

  const byDay = new Map<string, Appointment[]>(days.map((d) => [d, []]));
  for (const a of data?.items ?? []) byDay.get(localDay(new Date(a.start)))?.push(a);
  const go = (w: string, p = pharmacist) => navigate(calendarHref(w, p));
  const changed = async (m: string) => {
    await reload();
    announce(m);
  };
  const count = [...byDay.values()].reduce((n, l) => n + l.filter((a) => a.status === 'booked').length, 0);

  return (
    <div className="page cal-page">
      <h1>{data ? `Calendar: ${data.pharmacist.name}` : 'Calendar'}</h1>
      <div className="cal-toolbar">
        {pharmacists.length > 0 ? (
          <label className="cal-pick">
            Pharmacist{' '}
            <select value={who} onChange={(e) => go(monday, e.target.value)}>
              {who ? null : <option value="">Choose a pharmacist…</option>}
              {pharmacists.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name} — licensed in {p.licences.filter((l) => l.active).map((l) => l.state).join(', ') || 'no state'}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <nav className="cal-weeks" aria-label="Weeks">
          <button type="button" onClick={() => go(plusDays(monday, -7))}>
            ← Previous week
          </button>
          <button type="button" onClick={() => go(localDay(new Date()))}>
            This week
          </button>
          <button type="button" onClick={() => go(plusDays(monday, 7))}>
            Next week →
          </button>
        </nav>
      </div>
      <p className="result-count" role="status" aria-live="polite">
        {!who
          ? 'Choose a pharmacist to see their calendar.'
          : loading && !data
            ? 'Loading…'
            : `Week of ${fmtDayHeading(monday)}: ${count} booked appointment${count === 1 ? '' : 's'}`}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error.userMessage}
        </p>
      ) : null}
      {who && data ? (
        <ol className="cal-days">
          {days.map((d) => {
            const list = byDay.get(d) ?? [];
            return (
              <li key={d} className={d === localDay(new Date()) ? 'cal-day cal-today' : 'cal-day'}>
                <h2 className="cal-day-heading">{fmtDayHeading(d)}</h2>
                {list.length === 0 ? (
                  <p className="empty">No appointments.</p>
                ) : (
                  <ul className="cal-list" aria-label={`Appointments on ${fmtDayHeading(d)}`}>
                    {list.map((a) => (
                      <AppointmentRow key={a.id} appt={a} onChanged={changed} />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}
    </div>
  );
}
