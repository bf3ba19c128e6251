// Conditions and allergies, each with its add form for users allowed to write them.
import type { Allergy, Condition, PatientChart } from '../api/types.ts';
import { FormSection } from '../forms/FormSection.tsx';
import { capitalize, fmtCodeSystem, fmtDate, orDash } from '../format.ts';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { AllergyForm } from './AllergyForm.tsx';
import { ConditionForm } from './ConditionForm.tsx';

type Props = { chart: PatientChart; onSaved: (m: string) => Promise<void> };

const STATUS_ORDER: Record<string, number> = { active: 0, inactive: 1, resolved: 2 };
const conditionOrder = (a: Condition, b: Condition) =>
  (STATUS_ORDER[a.clinicalStatus] ?? 3) - (STATUS_ORDER[b.clinicalStatus] ?? 3) || a.display.localeCompare(b.display);

const CONDITION_COLUMNS: Column<Condition>[] = [
  { header: 'Condition', rowHeader: true, cell: (c) => c.display },
  {
    header: 'Code',
    className: 'nowrap',
    cell: (c) => (
      <>
        <span className="sub-inline">{fmtCodeSystem(c.codeSystem)}</span> {c.code}
      </>
    ),
  },
  { header: 'Onset', className: 'nowrap', cell: (c) => fmtDate(c.onsetDate) },
  { header: 'Resolved', className: 'nowrap', cell: (c) => fmtDate(c.abatementDate) },
  { header: 'Status', cell: (c) => capitalize(c.clinicalStatus) },
];

export function ConditionsSection({ chart, onSaved }: Props) {
  return (
    <FormSection
      id="conditions"
      title="Conditions"
      permission="clinical:write"
      buttonLabel="Add condition"
      onSaved={onSaved}
      form={(done) => <ConditionForm patientId={chart.patient.id} {...done} />}
    >
      <DataTable
        label="Conditions"
        rows={[...chart.conditions].sort(conditionOrder)}
        columns={CONDITION_COLUMNS}
        rowKey={(c) => c.id}
        rowClass={(c) => (c.clinicalStatus === 'active' ? undefined : 'muted-row')}
        empty="No conditions recorded."
      />
    </FormSection>
  );
}

const ALLERGY_COLUMNS: Column<Allergy>[] = [
  { header: 'Substance', rowHeader: true, cell: (a) => <WithSub sub={a.substanceRxcui && `RxCUI ${a.substanceRxcui}`}>{a.substance}</WithSub> },
  { header: 'Kind', cell: (a) => capitalize(a.kind) },
  { header: 'Reaction', cell: (a) => orDash(a.reaction) },
  { header: 'Severity', cell: (a) => (a.severity === 'severe' ? <strong className="severe">Severe</strong> : capitalize(a.severity)) },
  { header: 'Recorded', className: 'nowrap', cell: (a) => fmtDate(a.recordedDate) },
];

export function AllergiesSection({ chart, onSaved }: Props) {
  return (
    <FormSection
      id="allergies"
      title="Allergies and intolerances"
      permission="allergy:write"
      buttonLabel="Add allergy"
      onSaved={onSaved}
      form={(done) => <AllergyForm patientId={chart.patient.id} {...done} />}
    >
      <DataTable
        label="Allergies and intolerances"
        rows={chart.allergies}
        columns={ALLERGY_COLUMNS}
        rowKey={(a) => a.id}
        empty="No allergies or intolerances recorded. Ask the patient and record “no known allergies” in the review."
      />
    </FormSection>
  );
}
