// Starting a population run (managers): the measurement year and the day it is computed as of.
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import { FormPanel, TextField } from '../forms/fields.tsx';
import { useForm, type FieldErrors } from '../forms/useForm.ts';
import { todayIso } from '../format.ts';
import type { MeasureRun } from './types.ts';

type Field = 'year' | 'asOf';

export function StartRun({ onStarted }: { onStarted: (run: MeasureRun) => Promise<void> }) {
  const today = todayIso();
  const form = useForm<Field>({ year: today.slice(0, 4), asOf: today });
  const v = form.values;
  const check = () => {
    const e: FieldErrors<Field> = {};
    if (!/^\d{4}$/.test(v.year)) e.year = 'A four-digit year';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.asOf)) e.asOf = 'A date';
    return e;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      await onStarted(await api.post<MeasureRun>('/api/measure-runs', { year: Number(v.year), asOf: v.asOf }));
    });
  return (
    <FormPanel
      form={form}
      title="Run the measures for every patient"
      intro="PDC-DR, PDC-RASA, PDC-STA, SUPD, Poly-ACH and COB from the fills in each record. The run works in the background; this page shows its progress."
      submitLabel="Start run"
      busyLabel="Starting…"
      onSubmit={onSubmit}
    >
      <TextField form={form} name="year" label="Measurement year" inputMode="numeric" required />
      <TextField form={form} name="asOf" label="As of" type="date" required hint="Rates so far and refill deadlines are as of this day" />
    </FormPanel>
  );
}
