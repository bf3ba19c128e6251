// The form for a new Medicare Part D program (Programs page): the server checks the criteria against what CMS
// allows and names the rule broken; its pointers (/criteria/minDrugs) are mapped onto the fields here.
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import { FormPanel, TextField } from '../forms/fields.tsx';
import { opt, useForm, type FieldErrors } from '../forms/useForm.ts';
import { withPointers } from './errors.ts';
import type { ProgramRow } from './worklistText.ts';

type ProgramField = 'name' | 'year' | 'contract' | 'minCoreDiseases' | 'minDrugs' | 'costThreshold';
const CRITERIA_FIELDS = new Set(['contract', 'minCoreDiseases', 'minDrugs', 'costThreshold']);

export function NewPartdProgram({ onSaved, onCancel }: { onSaved: (p: ProgramRow) => Promise<void>; onCancel: () => void }) {
  const year = new Date().getFullYear();
  const form = useForm<ProgramField>({ name: `Medicare Part D MTM ${year}`, year: String(year), contract: '', minCoreDiseases: '3', minDrugs: '8', costThreshold: '' });
  const v = form.values;
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const check = () => {
    const e: FieldErrors<ProgramField> = {};
    if (!v.name.trim()) e.name = 'Give the program a name';
    if (!/^\d{4}$/.test(v.year)) e.year = 'A four-digit year';
    for (const f of ['minCoreDiseases', 'minDrugs', 'costThreshold'] as const) if (v[f].trim() !== '' && !Number.isFinite(Number(v[f]))) e[f] = 'A number';
    return e;
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      const p = await withPointers(
        () =>
          api.post<ProgramRow>('/api/programs', {
            name: v.name.trim(),
            kind: 'partd',
            year: Number(v.year),
            criteria: { contract: opt(v.contract), minCoreDiseases: num(v.minCoreDiseases), minDrugs: num(v.minDrugs), costThreshold: num(v.costThreshold) },
          }),
        (ptr) => {
          const m = /^\/criteria\/([^/]+)/.exec(ptr);
          return m && CRITERIA_FIELDS.has(m[1]!) ? `/${m[1]}` : ptr;
        },
      );
      await onSaved({ ...p, enrolled: 0 });
    });
  return (
    <FormPanel
      form={form}
      title="New Medicare Part D program"
      intro="CMS lets a plan require at most 3 core chronic diseases and at most 8 Part D drugs; the annual cost threshold is $5,330 for 2024 and $1,623 for 2025 (set it for later years). DMP at-risk members are always included."
      submitLabel="Create program"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField form={form} name="name" label="Name" required className="wide" />
      <TextField form={form} name="year" label="Year" inputMode="numeric" required />
      <TextField form={form} name="contract" label="Contract" placeholder="e.g. H1234" />
      <TextField form={form} name="minCoreDiseases" label="Minimum core chronic diseases" inputMode="numeric" hint="2 or 3" />
      <TextField form={form} name="minDrugs" label="Minimum Part D drugs" inputMode="numeric" hint="2 to 8" />
      <TextField form={form} name="costThreshold" label="Annual cost threshold (USD)" inputMode="decimal" hint="Blank for the CMS figure (2024, 2025)" />
    </FormPanel>
  );
}
