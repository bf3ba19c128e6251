// The pharmacist signs the reviewed medication list (optional note).
import type { FormEvent } from 'react';
import { medicationListSignInput } from '../../../src/domain/clinical.ts';
import { api } from '../api/client.ts';
import { FormPanel, TextAreaField } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { opt, schemaErrors, useForm } from '../forms/useForm.ts';

export function SignListForm({ patientId, activeCount, onSaved, onCancel }: { patientId: string; activeCount: number } & FormCallbacks) {
  const form = useForm<'note'>({ note: '' });
  const body = () => ({ note: opt(form.values.note) });
  const onSubmit = (e: FormEvent) =>
    void form.submit(
      e,
      () => schemaErrors(medicationListSignInput, body(), ['note']),
      async () => {
        await api.post(`/api/patients/${patientId}/medication-list/sign`, body());
        await onSaved('Medication list signed');
      },
    );
  return (
    <FormPanel form={form} title="Sign medication list" submitLabel="Confirm signature" onSubmit={onSubmit} onCancel={onCancel}>
      <p className="wide panel-text">
        You are signing that the list of {activeCount} active medication{activeCount === 1 ? '' : 's'} is reviewed and current.
      </p>
      <TextAreaField form={form} name="note" label="Note" hint="Optional, e.g. reconciled with patient by phone" className="wide" />
    </FormPanel>
  );
}
