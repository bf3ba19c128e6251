// MTM programs (/programs, managers): the organisation's programs, a new Part D program (the server checks the
// criteria against what CMS allows and names the rule broken beside the field) or panel program (Medicaid,
// commercial, employer, clinic: NewPanelProgram), enrollments with opt-out, targeting runs (Part D and panel programs)
// with automatic enrollment, and the button that generates the due work items; the organisation's pharmacy locations.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, api, withQuery } from '../api/client.ts';
import type { Page, PatientSummary } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { FormError, SelectField, TextAreaField, TextField } from '../forms/fields.tsx';
import { opt, useForm } from '../forms/useForm.ts';
import { fmtDate, todayIso } from '../format.ts';
import { Link } from '../router.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Pager } from '../ui/Pager.tsx';
import { Section } from '../ui/Section.tsx';
import { NewPanelProgram } from './NewPanelProgram.tsx';
import { NewPartdProgram } from './NewPartdProgram.tsx';
import { criteriaSummary } from './programCriteria.ts';
import { fmtProgramKind, generatedText, OPT_OUT_REASONS, type Enrollment, type GenerateResult, type ProgramRow } from './worklistText.ts';
import { NoteTemplateEditor } from './NoteTemplateEditor.tsx';
import { TargetingPanel } from './TargetingPanel.tsx';
import { PharmaciesPanel } from './PharmaciesPanel.tsx';

function EnrollPatient({ program, onSaved }: { program: ProgramRow; onSaved: (m: string) => Promise<void> }) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<PatientSummary | null>(null);
  const today = todayIso();
  const [date, setDate] = useState(today.startsWith(`${program.year}-`) ? today : `${program.year}-01-01`);
  const [error, setError] = useState<string | null>(null);
  const results = useApi<Page<PatientSummary>>(query ? withQuery('/api/patients', { q: query, limit: 8 }) : null);
  const searchId = useId();
  const dateId = useId();
  const enroll = async (e: FormEvent) => {
    e.preventDefault();
    if (!picked) return;
    setError(null);
    try {
      await api.post(`/api/programs/${program.id}/enrollments`, { patientId: picked.id, enrolledOn: date });
      setPicked(null);
      await onSaved(`${picked.firstName} ${picked.lastName} enrolled in ${program.name}`);
    } catch (err) {
      setError(err instanceof ApiError ? [err.userMessage, ...err.issues.map((i) => i.message)].join(' ') : String(err));
    }
  };
  return (
    <div className="panel prog-enroll">
      <h3 className="panel-title">Enroll a patient</h3>
      <form
        role="search"
        className="search-row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <label htmlFor={searchId} className="visually-hidden">
          Find a patient to enroll
        </label>
        <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, date of birth or member id" />
        <button type="submit">Find</button>
      </form>
      {query && results.data ? (
        results.data.items.length === 0 ? (
          <p className="empty">No patients match “{query}”.</p>
        ) : (
          <ul className="prog-results" aria-label="Matching patients">
            {results.data.items.map((p) => (
              <li key={p.id}>
                <button type="button" className="link-button" aria-pressed={picked?.id === p.id} onClick={() => setPicked(p)}>
                  {p.lastName}, {p.firstName}
                </button>{' '}
                <span className="sub-inline">
                  born {fmtDate(p.birthDate)} · {p.state ?? '—'} · {p.activeMedicationCount} active meds
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {picked ? (
        <form className="prog-enroll-form" onSubmit={(e) => void enroll(e)}>
          <p>
            Enroll <strong>{picked.firstName} {picked.lastName}</strong> in {program.name}
          </p>
          <label htmlFor={dateId}>Enrolled on</label>{' '}
          <input id={dateId} type="date" value={date} onChange={(e) => setDate(e.target.value)} />{' '}
          <button type="submit" className="primary">
            Enroll
          </button>
        </form>
      ) : null}
      <FormError message={error} />
    </div>
  );
}

type OptOutField = 'reason' | 'date' | 'note';

function OptOutForm({ e, onDone, onCancel }: { e: Enrollment; onDone: (m: string) => Promise<void>; onCancel: () => void }) {
  const form = useForm<OptOutField>({ reason: '03', date: todayIso(), note: '' });
  const v = form.values;
  const onSubmit = (ev: FormEvent) =>
    void form.submit(
      ev,
      () => (v.reason === '99' && !v.note.trim() ? { note: 'Reason 99 (other) needs a note saying why' } : {}),
      async () => {
        const r = await api.post<Enrollment & { closedItems: number }>(`/api/enrollments/${e.id}/opt-out`, { reason: v.reason, date: v.date, note: opt(v.note) });
        await onDone(`${e.patientName} opted out; ${r.closedItems} open item${r.closedItems === 1 ? '' : 's'} closed`);
      },
    );
  return (
    <form ref={form.formRef} className="panel" aria-label={`Opt ${e.patientName} out`} noValidate onSubmit={onSubmit}>
      <FormError message={form.formError} />
      <div className="field-grid">
        <SelectField form={form} name="reason" label="Reason code" options={Object.entries(OPT_OUT_REASONS).map(([code, what]) => ({ value: code, label: `${code} — ${what}` }))} />
        <TextField form={form} name="date" label="Opt-out date" type="date" />
        <TextAreaField form={form} name="note" label="Note" required={v.reason === '99'} className="wide" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Opt out
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const ENROLL_PAGE = 20;

function Enrollments({ program, onChanged }: { program: ProgramRow; onChanged: () => Promise<void> }) {
  const can = useCan();
  const announce = useAnnounce();
  const [offset, setOffset] = useState(0);
  const [optingOut, setOptingOut] = useState<string | null>(null);
  const { data, reload, loading } = useApi<Page<Enrollment>>(withQuery(`/api/programs/${program.id}/enrollments`, { limit: ENROLL_PAGE, offset }));
  const done = async (m: string) => {
    setOptingOut(null);
    await Promise.all([reload(), onChanged()]);
    announce(m);
  };
  const optOutRow = data?.items.find((e) => e.id === optingOut);
  return (
    <Section id="enrollments" title={`Enrollments: ${program.name}`}>
      {can('program:manage') ? <EnrollPatient program={program} onSaved={done} /> : null}
      {optOutRow ? <OptOutForm e={optOutRow} onDone={done} onCancel={() => setOptingOut(null)} /> : null}
      <DataTable
        label="Enrollments"
        caption={`Enrollments in ${program.name}`}
        busy={loading}
        rows={data?.items ?? []}
        empty={loading ? 'Loading…' : 'No one is enrolled yet.'}
        rowKey={(e) => e.id}
        rowClass={(e) => (e.optedOutOn ? 'muted-row' : undefined)}
        columns={[
          { header: 'Patient', rowHeader: true, cell: (e) => <Link to={`/patients/${e.patientId}`}>{e.patientName}</Link> },
          { header: 'Enrolled on', className: 'nowrap', cell: (e) => fmtDate(e.enrolledOn) },
          {
            header: 'Opted out',
            cell: (e) =>
              e.optedOutOn ? `${fmtDate(e.optedOutOn)} — ${e.optOutReason} ${OPT_OUT_REASONS[e.optOutReason!] ?? ''}${e.optOutNote ? `: ${e.optOutNote}` : ''}` : '—',
          },
          {
            header: 'Action',
            cell: (e) =>
              e.optedOutOn ? null : (
                <button type="button" className="small" onClick={() => setOptingOut(e.id)}>
                  Opt out…
                </button>
              ),
          },
        ]}
      />
      <Pager offset={offset} pageSize={ENROLL_PAGE} total={data?.total ?? 0} onGo={setOffset} />
    </Section>
  );
}

export function ProgramsPage() {
  const can = useCan();
  const announce = useAnnounce();
  const { data, error, reload } = useApi<{ items: ProgramRow[] }>('/api/programs');
  const [creating, setCreating] = useState<'partd' | 'panel' | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [targeting, setTargeting] = useState<string | null>(null);
  const [generating, setGenerating] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const [genError, setGenError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Programs — OpenMTM';
  }, []);
  const programs = data?.items ?? [];
  const program = programs.find((p) => p.id === chosen) ?? null;
  const targeted = programs.find((p) => p.id === targeting) ?? null;

  const created = async (p: ProgramRow) => {
    setCreating(null);
    await reload();
    setChosen(p.id);
    announce(`Program ${p.name} created`);
  };

  const generate = async () => {
    setGenerating(true);
    setGenError(null);
    try {
      const r = await api.post<GenerateResult>('/api/worklist/generate', {});
      const m = generatedText(r);
      setGenerated(m);
      announce(m);
    } catch (e) {
      setGenError(e instanceof ApiError ? e.userMessage : String(e));
    } finally {
      setGenerating(false);
    }
  };

  return (
    <div className="page prog-page">
      <h1>MTM programs</h1>
      {can('program:manage') ? (
        <div className="table-toolbar">
          <button type="button" onClick={() => setCreating('partd')} aria-expanded={creating === 'partd'} disabled={creating !== null}>
            New Part D program
          </button>
          <button type="button" onClick={() => setCreating('panel')} aria-expanded={creating === 'panel'} disabled={creating !== null}>
            New panel program
          </button>
          <button type="button" className="primary" onClick={() => void generate()} disabled={generating}>
            {generating ? 'Generating…' : 'Generate work items'}
          </button>
          <Link to="/worklist">Open the work queue</Link>
        </div>
      ) : null}
      {generated ? (
        <p className="notice" data-testid="generated">
          {generated}
        </p>
      ) : null}
      <FormError message={genError} />
      {creating === 'partd' ? <NewPartdProgram onCancel={() => setCreating(null)} onSaved={created} /> : null}
      {creating === 'panel' ? <NewPanelProgram onCancel={() => setCreating(null)} onSaved={created} /> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error.userMessage}
        </p>
      ) : null}
      <DataTable
        label="Programs"
        caption="MTM programs"
        className="prog-table"
        rows={programs}
        empty="No programs yet."
        rowKey={(p) => p.id}
        rowClass={(p) => (p.id === chosen ? 'wq-selected' : p.active ? undefined : 'muted-row')}
        columns={[
          { header: 'Program', rowHeader: true, cell: (p) => p.name },
          { header: 'Kind', cell: (p) => fmtProgramKind(p.kind) },
          { header: 'Year', num: true, cell: (p) => p.year },
          { header: 'Criteria', cell: criteriaSummary },
          { header: 'Enrolled', num: true, cell: (p) => p.enrolled },
          { header: 'Active', cell: (p) => (p.active ? 'Yes' : 'No') },
          {
            header: 'Action',
            cell: (p) => (
              <>
                <button type="button" className="small" aria-pressed={p.id === chosen} onClick={() => setChosen(p.id === chosen ? null : p.id)}>
                  Enrollments
                </button>{' '}
                {can('program:manage') ? (
                  <button type="button" className="small" aria-pressed={p.id === targeting} onClick={() => setTargeting(p.id === targeting ? null : p.id)}>
                    Targeting
                  </button>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {/* Keyed apart: one program can have both sections open, and React duplicates siblings that share a key. */}
      {targeted ? <TargetingPanel key={`targeting-${targeted.id}`} program={targeted} onChanged={reload} /> : null}
      {program ? <Enrollments key={`enrollments-${program.id}`} program={program} onChanged={reload} /> : null}
      <PharmaciesPanel />
      <NoteTemplateEditor />
    </div>
  );
}
