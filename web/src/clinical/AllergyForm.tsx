// Add an allergy or intolerance.
import type { FormEvent } from 'react';
import { allergyInput } from '../../../src/domain/clinical.ts';
import { api } from '../api/client.ts';
import { FormPanel, optionsOf, SelectField, TextField } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { opt, schemaErrors, useForm } from '../forms/useForm.ts';

const FIELDS = ['substance', 'kind', 'reaction', 'severity', 'recordedDate'] as const;
type Field = (typeof FIELDS)[number];

export function AllergyForm({ patientId, onSaved, onCancel }: { patientId: string } & FormCallbacks) {
  const form = useForm<Field>({ substance: '', kind: 'allergy', reaction: '', severity: '', recordedDate: '' });
  const v = form.values;
  const body = () => ({
    substance: v.substance.trim(),
    kind: v.kind,
    reaction: opt(v.reaction),
    severity: opt(v.severity),
    recordedDate: opt(v.recordedDate),
  });
  const onSubmit = (e: FormEvent) =>
    void form.submit(
      e,
      () => schemaErrors(allergyInput, body(), FIELDS),
      async () => {
        await api.post(`/api/patients/${patientId}/allergies`, body());
        await onSaved(`${v.kind === 'intolerance' ? 'Intolerance' : 'Allergy'} added: ${v.substance.trim()}`);
      },
    );

  return (
    <FormPanel form={form} title="Add allergy or intolerance" submitLabel="Save allergy" onSubmit={onSubmit} onCancel={onCancel}>
      <TextField form={form} name="substance" label="Substance" required hint="Drug, drug class or other substance, e.g. penicillin" className="wide" />
      <SelectField form={form} name="kind" label="Kind" required options={optionsOf(['allergy', 'intolerance'])} />
      <TextField form={form} name="reaction" label="Reaction" hint="e.g. hives, anaphylaxis" />
      <SelectField
        form={form}
        name="severity"
        label="Severity"
        options={[{ value: '', label: '— Not recorded —' }, ...optionsOf(['mild', 'moderate', 'severe'])]}
      />
      <TextField form={form} name="recordedDate" label="Recorded date" type="date" />
    </FormPanel>
  );
}
