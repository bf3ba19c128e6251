// Add or edit a medication entry. Checked here with the same schema the API uses; the server's field errors
// (422 problem+json pointers) are shown beside the same fields. A review uses the same form to add what the patient
// reports (OTC, herbal, supplement): fewer sources, and the entry goes to the review's endpoint.
import type { FormEvent } from 'react';
import { medicationInput, medicationUpdate } from '../../../src/domain/clinical.ts';
import { api, withQuery } from '../api/client.ts';
import type { CareTeamMember, Medication, Page, Prescriber } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { FormPanel, SelectField, TextField, type Option } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { opt, schemaErrors, useForm } from '../forms/useForm.ts';

const FIELDS = ['display', 'rxcui', 'source', 'sig', 'indication', 'prescriberId', 'startDate'] as const;
type Field = (typeof FIELDS)[number];

export const SOURCE_OPTIONS: Option[] = [
  { value: 'prescription', label: 'Prescription (Rx)' },
  { value: 'otc', label: 'Over the counter (OTC)' },
  { value: 'herbal', label: 'Herbal' },
  { value: 'supplement', label: 'Supplement' },
];

function prescriberLabel(p: Prescriber): string {
  const name = `${p.lastName}, ${p.firstName}${p.credential ? ` ${p.credential}` : ''}`;
  return `${name}${p.specialty ? ` — ${p.specialty}` : ''} (NPI ${p.npi})`;
}

/** A new entry as the API takes it (optional fields left out when blank). */
export type NewMedicationBody = {
  display: string;
  rxcui: string | undefined;
  source: string;
  sig: string | undefined;
  indication: string | undefined;
  prescriberId: string | undefined;
  startDate: string | undefined;
};

function initialValues(med: Medication | undefined, source: string): Record<Field, string> {
  return {
    display: med?.display ?? '',
    rxcui: med?.rxcui ?? '',
    source: med?.source ?? source,
    sig: med?.sig ?? '',
    indication: med?.indication ?? '',
    prescriberId: med?.prescriber?.id ?? '',
    startDate: med?.startDate ?? '',
  };
}

export function MedicationForm({
  patientId,
  medication,
  careTeam,
  sourceOptions = SOURCE_OPTIONS,
  create,
  title = 'Add medication',
  onSaved,
  onCancel,
}: {
  patientId: string;
  /** Present when editing. */
  medication?: Medication;
  careTeam: CareTeamMember[];
  /** The sources offered (a review offers OTC, herbal and supplement only). */
  sourceOptions?: Option[];
  /** Sends a new entry somewhere other than the chart's own endpoint; returns the confirmation to announce. */
  create?: (body: NewMedicationBody) => Promise<string>;
  title?: string;
} & FormCallbacks) {
  const initial = initialValues(medication, sourceOptions[0]?.value ?? 'prescription');
  const form = useForm<Field>(initial);
  const prescribers = useApi<Page<Prescriber>>(withQuery('/api/prescribers', { limit: 100 }));

  const team = careTeam.flatMap((m) => (m.prescriber ? [m.prescriber] : []));
  const teamIds = new Set(team.map((p) => p.id));
  const others = (prescribers.data?.items ?? []).filter((p) => !teamIds.has(p.id));
  const current = medication?.prescriber;
  const known = teamIds.has(current?.id ?? '') || others.some((p) => p.id === current?.id);
  const groups = [
    { label: 'Care team', options: team.map((p) => ({ value: p.id, label: prescriberLabel(p) })) },
    { label: 'All prescribers', options: others.map((p) => ({ value: p.id, label: prescriberLabel(p) })) },
  ];
  if (current && !known) groups.unshift({ label: 'Current', options: [{ value: current.id, label: `${current.name} (NPI ${current.npi})` }] });

  const v = form.values;
  const createBody = (): NewMedicationBody => ({
    display: v.display.trim(),
    rxcui: opt(v.rxcui),
    source: v.source,
    sig: opt(v.sig),
    indication: opt(v.indication),
    prescriberId: opt(v.prescriberId),
    startDate: opt(v.startDate),
  });
  /** Only what changed; a cleared optional field is sent as null so the server clears it. */
  const patchBody = () => {
    const out: Record<string, string | null> = {};
    for (const f of FIELDS) {
      const now = v[f].trim();
      if (now !== initial[f]) out[f] = now === '' && f !== 'display' ? null : now;
    }
    return out;
  };

  const onSubmit = (e: FormEvent) =>
    void form.submit(
      e,
      () => (medication ? schemaErrors(medicationUpdate, patchBody(), FIELDS) : schemaErrors(medicationInput, createBody(), FIELDS)),
      async () => {
        if (medication) {
          const body = patchBody();
          if (Object.keys(body).length === 0) return onCancel();
          await api.patch(`/api/patients/${patientId}/medications/${medication.id}`, body);
          await onSaved(`Medication updated: ${v.display.trim()}`);
        } else if (create) {
          await onSaved(await create(createBody()));
        } else {
          await api.post(`/api/patients/${patientId}/medications`, createBody());
          await onSaved(`Medication added: ${v.display.trim()}`);
        }
      },
    );

  return (
    <FormPanel
      form={form}
      title={medication ? `Edit ${medication.display}` : title}
      submitLabel={medication ? 'Save changes' : 'Save medication'}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField form={form} name="display" label="Drug name" required hint="Name, strength and form, e.g. metformin 500 mg tablet" className="wide" />
      <TextField form={form} name="rxcui" label="RxCUI" inputMode="numeric" hint="RxNorm concept id, digits only" />
      <SelectField form={form} name="source" label="Source" required options={sourceOptions} />
      <TextField form={form} name="sig" label="Sig (directions)" className="wide" />
      <TextField form={form} name="indication" label="Indication" />
      <SelectField
        form={form}
        name="prescriberId"
        label="Prescriber"
        hint={prescribers.error ? `Could not load prescribers: ${prescribers.error.userMessage}` : undefined}
        options={[{ value: '', label: prescribers.loading && !prescribers.data ? 'Loading prescribers…' : '— None or unknown —' }]}
        groups={groups}
        className="wide"
      />
      <TextField form={form} name="startDate" label="Start date" type="date" />
    </FormPanel>
  );
}
