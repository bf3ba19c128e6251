// Add a lab result or vital sign (LOINC). A quick pick fills code, name and unit for the common tests.
import type { FormEvent } from 'react';
import { observationInput } from '../../../src/domain/clinical.ts';
import { api } from '../api/client.ts';
import { Field, FormPanel, TextField } from '../forms/fields.tsx';
import type { FormCallbacks } from '../forms/FormSection.tsx';
import { opt, schemaErrors, useForm } from '../forms/useForm.ts';
import { todayIso } from '../format.ts';

const FIELDS = ['loinc', 'display', 'valueNum', 'unit', 'effectiveDate'] as const;
type Field = (typeof FIELDS)[number];

export const COMMON_TESTS = [
  { loinc: '4548-4', display: 'Hemoglobin A1c', short: 'A1c', unit: '%' },
  { loinc: '13457-7', display: 'LDL cholesterol (calculated)', short: 'LDL', unit: 'mg/dL' },
  { loinc: '2160-0', display: 'Serum creatinine', short: 'SCr', unit: 'mg/dL' },
  { loinc: '98979-8', display: 'eGFR (CKD-EPI 2021)', short: 'eGFR', unit: 'mL/min/1.73m2' },
  { loinc: '2823-3', display: 'Potassium', short: 'K', unit: 'mmol/L' },
  { loinc: '6301-6', display: 'INR', short: 'INR', unit: '' },
  { loinc: '8480-6', display: 'Systolic blood pressure', short: 'SBP', unit: 'mm[Hg]' },
  { loinc: '8462-4', display: 'Diastolic blood pressure', short: 'DBP', unit: 'mm[Hg]' },
  { loinc: '29463-7', display: 'Body weight', short: 'Weight', unit: 'kg' },
] as const;

/** "7.2" → 7.2; "" → undefined; anything else → NaN (reported as "expected a number"). */
function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export function ObservationForm({ patientId, onSaved, onCancel }: { patientId: string } & FormCallbacks) {
  const form = useForm<Field>({ loinc: '', display: '', valueNum: '', unit: '', effectiveDate: todayIso() });
  const v = form.values;
  const body = () => ({
    loinc: v.loinc.trim(),
    display: v.display.trim(),
    valueNum: parseNumber(v.valueNum),
    unit: opt(v.unit),
    effectiveDate: v.effectiveDate,
  });
  const check = () => {
    const b = body();
    const errors = schemaErrors(observationInput, b, FIELDS);
    if (b.valueNum === undefined) errors.valueNum = 'Enter the result as a number';
    else if (Number.isNaN(b.valueNum)) errors.valueNum = 'Expected a number, e.g. 7.2';
    return errors;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      await api.post(`/api/patients/${patientId}/observations`, body());
      await onSaved(`Result added: ${v.display.trim()} ${v.valueNum.trim()}${v.unit.trim() ? ` ${v.unit.trim()}` : ''}`);
    });
  const picked = COMMON_TESTS.find((t) => t.loinc === v.loinc)?.loinc ?? '';

  return (
    <FormPanel form={form} title="Add lab result or vital sign" submitLabel="Save result" onSubmit={onSubmit} onCancel={onCancel}>
      <Field name="commonTest" label="Common test" className="wide">
        {(aria) => (
          <select
            {...aria}
            value={picked}
            onChange={(e) => {
              const t = COMMON_TESTS.find((x) => x.loinc === e.target.value);
              form.setMany(t ? { loinc: t.loinc, display: t.display, unit: t.unit } : { loinc: '', display: '', unit: '' });
            }}
          >
            <option value="">— Other (enter LOINC below) —</option>
            {COMMON_TESTS.map((t) => (
              <option key={t.loinc} value={t.loinc}>
                {t.short} — {t.display} ({t.loinc}){t.unit ? `, ${t.unit}` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField form={form} name="loinc" label="LOINC code" required hint="e.g. 4548-4" />
      <TextField form={form} name="display" label="Test name" required />
      <TextField form={form} name="valueNum" label="Value" required inputMode="decimal" />
      <TextField form={form} name="unit" label="Unit" hint="UCUM, e.g. mg/dL" />
      <TextField form={form} name="effectiveDate" label="Date" type="date" required />
    </FormPanel>
  );
}
