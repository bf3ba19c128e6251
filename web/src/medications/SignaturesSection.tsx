// Medication list signatures: who attested the list and when; the Sign button only for those who may sign.
import type { PatientChart, Signature } from '../api/types.ts';
import { FormSection } from '../forms/FormSection.tsx';
import { fmtDateTime, orDash } from '../format.ts';
import { DataTable, type Column } from '../ui/DataTable.tsx';
import { SignListForm } from './SignListForm.tsx';

const SIGNATURE_COLUMNS: Column<Signature>[] = [
  { header: 'Signed', rowHeader: true, className: 'nowrap', cell: (s) => fmtDateTime(s.signedAt) },
  { header: 'By', cell: (s) => s.signedBy },
  { header: 'Active medications', num: true, cell: (s) => s.activeMedicationCount },
  { header: 'Note', cell: (s) => orDash(s.note) },
];

export function SignaturesSection({ chart, onSaved }: { chart: PatientChart; onSaved: (m: string) => Promise<void> }) {
  const activeCount = chart.medications.filter((m) => m.status === 'active').length;
  return (
    <FormSection
      id="signatures"
      title="Medication list signatures"
      permission="medication-list:sign"
      buttonLabel="Sign medication list"
      onSaved={onSaved}
      form={(done) => <SignListForm patientId={chart.patient.id} activeCount={activeCount} {...done} />}
    >
      <DataTable
        label="Medication list signatures"
        rows={[...chart.signatures].sort((a, b) => b.signedAt.localeCompare(a.signedAt))}
        columns={SIGNATURE_COLUMNS}
        rowKey={(s) => s.id}
        empty="The medication list has not been signed yet."
      />
    </FormSection>
  );
}
