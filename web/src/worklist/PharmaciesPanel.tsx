// The organisation's pharmacy locations (Programs page): how many patients call each home, and a form to add one.
// The work queue filters by a patient's home pharmacy; the chart sets it.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import { useCan } from '../auth/auth.tsx';
import { FormPanel, TextField } from '../forms/fields.tsx';
import { opt, useForm, type FieldErrors } from '../forms/useForm.ts';
import { useAnnounce } from '../ui/announce.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Section } from '../ui/Section.tsx';
import type { Pharmacy } from './worklistText.ts';

type Field = 'name' | 'state' | 'ncpdp' | 'npi';

function NewPharmacy({ onSaved, onCancel }: { onSaved: (p: Pharmacy) => Promise<void>; onCancel: () => void }) {
  const form = useForm<Field>({ name: '', state: '', ncpdp: '', npi: '' });
  const v = form.values;
  const check = () => {
    const e: FieldErrors<Field> = {};
    if (!v.name.trim()) e.name = 'Give the location a name';
    if (!/^[A-Za-z]{2}$/.test(v.state.trim())) e.state = 'Two letters, e.g. NY';
    if (v.ncpdp.trim() && !/^\d{7}$/.test(v.ncpdp.trim())) e.ncpdp = 'Seven digits';
    if (v.npi.trim() && !/^\d{10}$/.test(v.npi.trim())) e.npi = 'Ten digits';
    return e;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      const p = await api.post<Pharmacy>('/api/pharmacies', { name: v.name.trim(), state: v.state.trim().toUpperCase(), ncpdp: opt(v.ncpdp), npi: opt(v.npi) });
      await onSaved(p);
    });
  return (
    <FormPanel
      form={form}
      title="New pharmacy location"
      submitLabel="Add location"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField form={form} name="name" label="Name" required className="wide" />
      <TextField form={form} name="state" label="State" placeholder="e.g. NY" required />
      <TextField form={form} name="ncpdp" label="NCPDP id" inputMode="numeric" hint="Optional, 7 digits" />
      <TextField form={form} name="npi" label="NPI" inputMode="numeric" hint="Optional, 10 digits" />
    </FormPanel>
  );
}

export function PharmaciesPanel() {
  const can = useCan();
  const announce = useAnnounce();
  const { data, error, reload } = useApi<{ items: Pharmacy[] }>('/api/pharmacies');
  const [adding, setAdding] = useState(false);
  return (
    <Section
      id="pharmacies"
      title="Pharmacy locations"
      actions={
        can('pharmacy:manage') ? (
          <button type="button" onClick={() => setAdding(true)} aria-expanded={adding} disabled={adding}>
            New location
          </button>
        ) : null
      }
    >
      {adding ? (
        <NewPharmacy
          onCancel={() => setAdding(false)}
          onSaved={async (p) => {
            setAdding(false);
            await reload();
            announce(`Pharmacy location ${p.name} added`);
          }}
        />
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error.userMessage}
        </p>
      ) : null}
      <DataTable
        label="Pharmacy locations"
        caption="Pharmacy locations"
        rows={data?.items ?? []}
        empty="No pharmacy locations yet."
        rowKey={(p) => p.id}
        columns={[
          { header: 'Location', rowHeader: true, cell: (p) => p.name },
          { header: 'State', cell: (p) => p.state },
          { header: 'NCPDP', className: 'mono', cell: (p) => p.ncpdp ?? '—' },
          { header: 'NPI', className: 'mono', cell: (p) => p.npi ?? '—' },
          { header: 'Home pharmacy of', num: true, cell: (p) => `${p.patients} patient${p.patients === 1 ? '' : 's'}` },
        ]}
      />
    </Section>
  );
}
