// Targeting for one program (Programs page, managers): run it as of a day, follow the run while the server's
// background runner works through the patients, then the summary — Part D: eligible by reason code; a panel program:
// qualifies, could not assess, does not — with enrolled now, already enrolled, opted out earlier and not re-enrolled,
// the members (a panel's with every criterion's outcome) and the CSV of every result.
import { useEffect, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { FormError, TextField } from '../forms/fields.tsx';
import { useForm } from '../forms/useForm.ts';
import { fmtDate, fmtDateTime, todayIso } from '../format.ts';
import { useAnnounce } from '../ui/announce.tsx';
import { Facts } from '../ui/Facts.tsx';
import { Section } from '../ui/Section.tsx';
import { PanelMembers } from './PanelMembers.tsx';
import { TargetMembers } from './TargetMembers.tsx';
import { runStatusText, type TargetRun, type TargetRunSummary } from './targetingText.ts';
import type { ProgramRow } from './worklistText.ts';

function Summary({ s }: { s: TargetRunSummary }) {
  const d = s.byDecision;
  return (
    <Facts
      className="facts tg-summary"
      facts={[
        { label: 'Patients evaluated', value: <span data-testid="tg-members">{s.members}</span> },
        ...(d
          ? [
              { label: 'Qualify', value: <span data-testid="tg-eligible">{d.qualifies}</span> },
              { label: 'Could not assess (not enrolled)', value: <span data-testid="tg-could-not-assess">{d['could-not-assess']}</span> },
              { label: 'Do not qualify', value: <span data-testid="tg-not">{d.not}</span> },
            ]
          : [
              { label: 'Eligible', value: <span data-testid="tg-eligible">{s.eligible}</span> },
              {
                label: 'By reason code',
                value: (
                  <span data-testid="tg-reasons">
                    01 criteria {s.byReason['01']} · 02 DMP {s.byReason['02']} · 03 both {s.byReason['03']} · 04 expanded {s.byReason['04']}
                  </span>
                ),
              },
            ]),
        {
          label: 'Enrolled now',
          value: (
            <span data-testid="tg-enrolled-now">
              {s.enrolledNow}
              {s.enrolledDeceased ? ` (${s.enrolledDeceased} since died: opted out, 01 death)` : ''}
            </span>
          ),
        },
        { label: 'Already enrolled', value: <span data-testid="tg-already">{s.alreadyEnrolled}</span> },
        { label: 'Opted out earlier (not re-enrolled)', value: <span data-testid="tg-opted-out">{s.optedOut}</span> },
        ...(s.notEnrolled ? [{ label: 'Not enrolled: program inactive', value: s.notEnrolled }] : []),
      ]}
    />
  );
}

type Field = 'asOf';

export function TargetingPanel({ program, onChanged }: { program: ProgramRow; onChanged: () => Promise<void> }) {
  const announce = useAnnounce();
  const runs = useApi<Page<TargetRun>>(withQuery(`/api/programs/${program.id}/target-runs`, { limit: 5 }));
  const [picked, setPicked] = useState<string | null>(null);
  const today = todayIso();
  const yearEnd = `${program.year}-12-31`;
  const form = useForm<Field>({ asOf: today < yearEnd ? today : yearEnd });
  const run = runs.data?.items.find((r) => r.id === picked) ?? runs.data?.items[0];
  const running = run?.status === 'running';

  // Follow a running run; when it finishes the program's enrollment count has changed too.
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void runs.reload(), 1500);
    return () => clearInterval(t);
  }, [running, runs.reload]);
  const finished = run?.status === 'done' ? run.id : null;
  useEffect(() => {
    if (finished) void onChanged();
  }, [finished, onChanged]);

  const start = (e: FormEvent) =>
    void form.submit(
      e,
      () => (/^\d{4}-\d{2}-\d{2}$/.test(form.values.asOf) ? {} : { asOf: 'A date' }),
      async () => {
        const r = await api.post<TargetRun>(`/api/programs/${program.id}/target-runs`, { asOf: form.values.asOf });
        setPicked(r.id);
        announce(`Targeting run for ${program.name} started`);
        await runs.reload();
      },
    );

  return (
    <Section
      id="targeting"
      title={`Targeting: ${program.name}`}
      actions={run?.status === 'done' ? <a href={`/api/target-runs/${run.id}/results.csv`} download>Download results (CSV)</a> : undefined}
    >
      <form ref={form.formRef} className="panel tg-start" aria-label="Run targeting" noValidate onSubmit={start}>
        {program.kind === 'partd' ? (
          <p className="hint">
            Evaluates every patient against this program&apos;s Part D criteria from their conditions, paid fills, Part D coverage and DMP status.
            Eligible patients who are not in the program are enrolled on the date they met the criteria; patients who opted out are not enrolled again.
          </p>
        ) : (
          <p className="hint">
            Evaluates every patient against this program&apos;s criteria on the as-of day from their active medications, conditions, latest A1c,
            adherence this year, inpatient discharges, drug therapy problems from the screening and the drug cost of the last 365 days. Patients who qualify and are not in the program are enrolled on that day; patients the record
            could not assess (an A1c missing, say) and patients who opted out are not.
          </p>
        )}
        <FormError message={form.formError} />
        <div className="field-grid">
          <TextField
            form={form}
            name="asOf"
            label="As of"
            type="date"
            required
            hint={program.kind === 'partd' ? `A day in or after ${program.year}, not in the future` : `A day in ${program.year}, not in the future`}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy || running}>
            {form.busy ? 'Starting…' : 'Run targeting'}
          </button>
        </div>
      </form>
      {runs.error ? (
        <p className="form-error" role="alert">
          {runs.error.userMessage}
        </p>
      ) : null}
      {runs.data && runs.data.items.length > 1 ? (
        <p className="tg-runs">
          Runs:{' '}
          {runs.data.items.map((r) => (
            <button key={r.id} type="button" className="link-button" aria-pressed={r.id === run?.id} onClick={() => setPicked(r.id)}>
              as of {fmtDate(r.asOf)} ({fmtDateTime(r.startedAt)})
            </button>
          ))}
        </p>
      ) : null}
      {run ? (
        <div data-testid="target-run">
          <p>
            Run as of {fmtDate(run.asOf)}, started {fmtDateTime(run.startedAt)}
            {run.startedBy ? ` by ${run.startedBy}` : ''}: <strong data-testid="tg-status">{runStatusText(run)}</strong>
          </p>
          {running ? (
            <p role="status">
              <progress max={run.membersTotal} value={run.membersDone} /> {run.membersDone} of {run.membersTotal} patients
            </p>
          ) : null}
          {run.summary ? <Summary s={run.summary} /> : null}
          {run.status !== 'done' ? null : run.programKind === 'partd' ? <TargetMembers key={run.id} runId={run.id} /> : <PanelMembers key={run.id} runId={run.id} />}
        </div>
      ) : runs.data ? (
        <p className="empty">No targeting run yet.</p>
      ) : null}
    </Section>
  );
}
