// Stop a medication: when and why (both required; the stop date may not precede the start date).
import type { FormEvent } from 'react';
import { medicationStop } from '../../../src/domain/clinical.ts';
import { api } from '../api/client.ts';
import type { Medication } from '../api/types.ts';
import { FormPanel, TextField } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { schemaErrors, useForm } from '../forms/useForm.ts';
import { fmtDate, todayIso } from '../format.ts';

const FIELDS = ['stopDate', 'stopReason'] as const;
type Field = (typeof FIELDS)[number];

export function StopMedicationForm({ patientId, medication, onSaved, onCancel }: { patientId: string; medication: Medication } & FormCallbacks) {
  const form = useForm<Field>({ stopDate: todayIso(), stopReason: '' });
  const body = () => ({ stopDate: form.values.stopDate, stopReason: form.values.stopReason.trim() });

  const check = () => {
    const errors = schemaErrors(medicationStop, body(), FIELDS);
    const start = medication.startDate;
    if (!errors.stopDate && start && form.values.stopDate < start)
      errors.stopDate = `Must not be before the start date (${fmtDate(start)})`;
    return errors;
  };

  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      await api.post(`/api/patients/${patientId}/medications/${medication.id}/stop`, body());
      await onSaved(`Medication stopped: ${medication.display}`);
    });

  return (
    <FormPanel form={form} title={`Stop ${medication.display}`} submitLabel="Stop medication" onSubmit={onSubmit} onCancel={onCancel}>
      <TextField form={form} name="stopDate" label="Stop date" type="date" required />
      <TextField form={form} name="stopReason" label="Reason for stopping" required hint="e.g. side effect, duplicate therapy, no longer needed" className="wide" />
    </FormPanel>
  );
}
