// Add a condition (ICD-10-CM or SNOMED CT), checked with the API's own schema.
import type { FormEvent } from 'react';
import { conditionInput } from '../../../src/domain/clinical.ts';
import { api } from '../api/client.ts';
import { FormPanel, optionsOf, SelectField, TextField } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { fmtCodeSystem } from '../format.ts';
import { opt, schemaErrors, useForm } from '../forms/useForm.ts';

const FIELDS = ['codeSystem', 'code', 'display', 'onsetDate', 'abatementDate', 'clinicalStatus'] as const;
type Field = (typeof FIELDS)[number];

export function ConditionForm({ patientId, onSaved, onCancel }: { patientId: string } & FormCallbacks) {
  const form = useForm<Field>({ codeSystem: 'icd10cm', code: '', display: '', onsetDate: '', abatementDate: '', clinicalStatus: 'active' });
  const v = form.values;
  const body = () => ({
    codeSystem: v.codeSystem,
    code: v.code.trim().toUpperCase(),
    display: v.display.trim(),
    onsetDate: opt(v.onsetDate),
    abatementDate: opt(v.abatementDate),
    clinicalStatus: v.clinicalStatus,
  });
  const check = () => {
    const errors = schemaErrors(conditionInput, body(), FIELDS);
    if (errors.abatementDate?.startsWith('Must not be before')) errors.abatementDate = 'Must not be before the onset date';
    return errors;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      await api.post(`/api/patients/${patientId}/conditions`, body());
      await onSaved(`Condition added: ${v.display.trim()}`);
    });

  return (
    <FormPanel form={form} title="Add condition" submitLabel="Save condition" onSubmit={onSubmit} onCancel={onCancel}>
      <SelectField form={form} name="codeSystem" label="Code system" required options={optionsOf(['icd10cm', 'snomed'], fmtCodeSystem)} />
      <TextField form={form} name="code" label="Code" required hint={v.codeSystem === 'icd10cm' ? 'e.g. E11.9' : 'e.g. 44054006'} />
      <TextField form={form} name="display" label="Description" required className="wide" hint="e.g. Type 2 diabetes mellitus" />
      <TextField form={form} name="onsetDate" label="Onset date" type="date" />
      <SelectField form={form} name="clinicalStatus" label="Status" required options={optionsOf(['active', 'inactive', 'resolved'])} />
      <TextField form={form} name="abatementDate" label="Resolved date" type="date" />
    </FormPanel>
  );
}
