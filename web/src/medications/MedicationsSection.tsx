// Medications: active and past tables, with add / edit / stop for users who may write medications.
import type { Medication, PatientChart } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { usePanel } from '../forms/usePanel.ts';
import { KIND_SHORT, RECON_LABEL } from '../encounters/encounterText.ts';
import { capitalize, fmtDate, fmtSource, orDash } from '../format.ts';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { headingId, Section } from '../ui/Section.tsx';
import { MedicationForm } from './MedicationForm.tsx';
import { StopMedicationForm } from './StopMedicationForm.tsx';

type Panel = { kind: 'add' } | { kind: 'edit'; med: Medication } | { kind: 'stop'; med: Medication };

const byName = (a: Medication, b: Medication) => a.display.localeCompare(b.display);
const byStopDesc = (a: Medication, b: Medication) => (b.stopDate ?? '').localeCompare(a.stopDate ?? '') || byName(a, b);

const SIG: Column<Medication> = { header: 'Sig', cell: (m) => orDash(m.sig) };

/** Drug, source, sig, indication and prescriber: the columns both tables open with. */
const leadingColumns = (sig: Column<Medication>): Column<Medication>[] => [
  { header: 'Drug', rowHeader: true, className: 'drug', cell: (m) => <WithSub sub={m.rxcui && `RxCUI ${m.rxcui}`}>{m.display}</WithSub> },
  { header: 'Source', cell: (m) => <span className={`tag tag-${m.source}`}>{fmtSource(m.source)}</span> },
  sig,
  { header: 'Indication', cell: (m) => orDash(m.indication) },
  { header: 'Prescriber', cell: (m) => (m.prescriber ? m.prescriber.name : '—') },
];
const RECORDED_FROM: Column<Medication> = { header: 'Recorded from', cell: (m) => capitalize(m.recordedFrom) };

/**
 * "Not taking" or "taking differently" at the last signed review: the order is unchanged (the prescriber decides), so
 * the chart says it beside the directions — whoever reads the chart next must not assume the patient takes it so.
 */
function reviewFinding(m: Medication): string | null {
  const r = m.lastReview;
  if (!r || (r.action !== 'not-taking' && r.action !== 'taking-differently')) return null;
  return `${RECON_LABEL[r.action]} (${KIND_SHORT[r.kind]} ${fmtDate(r.date)})${r.note ? `: ${r.note}` : ''}`;
}

const ACTIVE_COLUMNS: Column<Medication>[] = [
  ...leadingColumns({ ...SIG, cell: (m) => <WithSub sub={reviewFinding(m)} className="sub review-finding">{orDash(m.sig)}</WithSub> }),
  { header: 'Start', className: 'nowrap', cell: (m) => <WithSub sub={m.stopDate && `Stops ${fmtDate(m.stopDate)}`}>{fmtDate(m.startDate)}</WithSub> },
  RECORDED_FROM,
];

const PAST_COLUMNS: Column<Medication>[] = [
  ...leadingColumns(SIG),
  { header: 'Start', className: 'nowrap', cell: (m) => fmtDate(m.startDate) },
  { header: 'Stop', className: 'nowrap', cell: (m) => fmtDate(m.stopDate) },
  { header: 'Reason stopped', cell: (m) => orDash(m.stopReason) },
  RECORDED_FROM,
];

export function MedicationsSection({ chart, onSaved }: { chart: PatientChart; onSaved: (m: string) => Promise<void> }) {
  const can = useCan();
  const canWrite = can('medication:write');
  const { panel, open, close, panelRef } = usePanel<Panel>(headingId('medications'));
  const active = chart.medications.filter((m) => m.status === 'active').sort(byName);
  const past = chart.medications.filter((m) => m.status !== 'active').sort(byStopDesc);
  const patientId = chart.patient.id;
  const actions: Column<Medication> = {
    header: <span className="visually-hidden">Actions</span>,
    className: 'row-actions',
    cell: (m) => (
      <>
        <button type="button" className="small" onClick={() => open({ kind: 'edit', med: m })} aria-label={`Edit ${m.display}`}>
          Edit
        </button>
        <button type="button" className="small" onClick={() => open({ kind: 'stop', med: m })} aria-label={`Stop ${m.display}`}>
          Stop
        </button>
      </>
    ),
  };
  const saved = async (m: string) => {
    await onSaved(m);
    close();
  };

  return (
    <Section
      id="medications"
      title="Medications"
      actions={
        canWrite ? (
          <button type="button" onClick={() => open({ kind: 'add' })} aria-expanded={panel?.kind === 'add'}>
            Add medication
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>
        {panel?.kind === 'add' ? <MedicationForm patientId={patientId} careTeam={chart.careTeam} onSaved={saved} onCancel={close} /> : null}
        {panel?.kind === 'edit' ? (
          <MedicationForm key={panel.med.id} patientId={patientId} medication={panel.med} careTeam={chart.careTeam} onSaved={saved} onCancel={close} />
        ) : null}
        {panel?.kind === 'stop' ? <StopMedicationForm key={panel.med.id} patientId={patientId} medication={panel.med} onSaved={saved} onCancel={close} /> : null}
      </div>

      <DataTable
        heading={{ id: 'medications-active', text: `Active (${active.length})` }}
        label="Active medications"
        testId="active-medications"
        rows={active}
        columns={canWrite ? [...ACTIVE_COLUMNS, actions] : ACTIVE_COLUMNS}
        rowKey={(m) => m.id}
        empty="No active medications recorded."
      />
      <DataTable
        heading={{ id: 'medications-past', text: `Past (${past.length})` }}
        label="Past medications"
        testId="past-medications"
        rows={past}
        columns={PAST_COLUMNS}
        rowKey={(m) => m.id}
        empty="No past medications recorded."
      />
    </Section>
  );
}
