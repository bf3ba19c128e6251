// The form for a new panel program (Medicaid, commercial, employer, a clinic's high-risk panel) on the Programs page.
// Every criterion is optional; the ones filled in are checked here with the schema the server uses
// (src/domain/worklists.ts panelCriteriaSchema), so most mistakes are shown before sending, in the server's words.
// What only the server can know (a name already taken) comes back with a pointer (/name, /criteria/a1cAbove) and is
// shown beside its field too. A1c and PDC are entered as percents, as people say them; the API takes PDC as a fraction.
import type { FormEvent } from 'react';
import { DTP_SEVERITY_LEVELS, PROGRAM_KINDS, panelCriteriaSchema, programInput } from '../../../src/domain/worklists.ts';
import { DRUG_CLASSES } from '../../../src/knowledge/screening/drug-classes.ts';
import { api } from '../api/client.ts';
import { FormPanel, listValue, MultiSelectField, SelectField, TextField } from '../forms/fields.tsx';
import { schemaErrors, useForm, type FieldErrors } from '../forms/useForm.ts';
import { withPointers } from './errors.ts';
import { DTP_LEVEL_LABELS } from './programCriteria.ts';
import { fmtProgramKind, type ProgramRow } from './worklistText.ts';

const NUMBER_FIELDS = ['minMedications', 'minChronicConditions', 'a1cAbove', 'pdcBelow', 'recentDischargeDays', 'minAnnualCost'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
type CriterionField = NumberField | 'highRiskDrugClasses' | 'dtpSeverityAtLeast' | 'match';
type PanelField = 'kind' | 'name' | 'year' | CriterionField;
const CRITERIA_FIELDS: readonly CriterionField[] = [...NUMBER_FIELDS, 'highRiskDrugClasses', 'dtpSeverityAtLeast', 'match'];

const KINDS = PROGRAM_KINDS.filter((k) => k !== 'partd').map((k) => ({ value: k, label: fmtProgramKind(k) }));
const CLASS_OPTIONS = [...DRUG_CLASSES].sort().map((c) => ({ value: c, label: c }));
const DTP_OPTIONS = [{ value: '', label: 'Not a criterion' }, ...DTP_SEVERITY_LEVELS.map((l) => ({ value: l, label: DTP_LEVEL_LABELS[l] }))];
const MATCH_OPTIONS = [
  { value: 'all', label: 'Every criterion is met' },
  { value: 'any', label: 'Any one criterion is met' },
];
const PDC_MESSAGE = 'A percent above 0 and up to 100, such as 80';

/** The criteria as the API takes them: blanks left out, PDC from a percent to a fraction. Unparsable numbers are errors. */
function criteriaOf(v: Record<PanelField, string>): { criteria: Record<string, unknown>; errors: FieldErrors<PanelField> } {
  const criteria: Record<string, unknown> = {};
  const errors: FieldErrors<PanelField> = {};
  for (const f of NUMBER_FIELDS) {
    const text = v[f].trim();
    if (text === '') continue;
    const n = Number(text);
    if (!Number.isFinite(n)) errors[f] = 'A number';
    else criteria[f] = f === 'pdcBelow' ? n / 100 : n;
  }
  const classes = listValue(v.highRiskDrugClasses);
  if (classes.length) criteria['highRiskDrugClasses'] = classes;
  if (v.dtpSeverityAtLeast) criteria['dtpSeverityAtLeast'] = v.dtpSeverityAtLeast;
  criteria['match'] = v.match;
  return { criteria, errors };
}

export function NewPanelProgram({ onSaved, onCancel }: { onSaved: (p: ProgramRow) => Promise<void>; onCancel: () => void }) {
  const year = new Date().getFullYear();
  const form = useForm<PanelField>({
    kind: 'clinic', name: '', year: String(year), minMedications: '', minChronicConditions: '', highRiskDrugClasses: '', a1cAbove: '',
    pdcBelow: '', recentDischargeDays: '', dtpSeverityAtLeast: '', minAnnualCost: '', match: 'all',
  });
  const v = form.values;
  const body = () => ({ name: v.name.trim(), kind: v.kind, year: Number(v.year), criteria: criteriaOf(v).criteria });
  const check = () => {
    const { criteria, errors } = criteriaOf(v);
    const e: FieldErrors<PanelField> = { ...schemaErrors(panelCriteriaSchema, criteria, CRITERIA_FIELDS), ...errors };
    if (e.pdcBelow && !errors.pdcBelow) e.pdcBelow = PDC_MESSAGE;
    if (!/^\d{4}$/.test(v.year)) e.year = 'A four-digit year';
    return { ...schemaErrors(programInput, body(), ['name', 'year'] as const), ...e };
  };
  const onSubmit = (e: FormEvent) =>
    void form.submit(e, check, async () => {
      const p = await withPointers(
        () => api.post<ProgramRow>('/api/programs', body()),
        (ptr) => {
          const m = /^\/criteria\/([^/]+)/.exec(ptr);
          return m && (CRITERIA_FIELDS as readonly string[]).includes(m[1]!) ? `/${m[1]}` : ptr;
        },
      );
      await onSaved({ ...p, enrolled: 0 });
    });
  return (
    <FormPanel
      form={form}
      title="New panel program"
      intro="Medicaid, commercial, employer or a clinic&apos;s own panel. Set only the criteria the program uses; a targeting run reads them from each patient&apos;s record on its as-of day, and a criterion the record cannot answer (no recent A1c, fills without a cost) is “could not assess”, never “not met”. A Medicaid program only looks at patients Medicaid covers that day."
      submitLabel="Create program"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <SelectField form={form} name="kind" label="Kind" options={KINDS} />
      <TextField form={form} name="name" label="Name" required className="wide" placeholder="e.g. High-risk clinic panel" />
      <TextField form={form} name="year" label="Year" inputMode="numeric" required />
      <TextField form={form} name="minMedications" label="Minimum active medications" inputMode="numeric" />
      <TextField form={form} name="minChronicConditions" label="Minimum chronic conditions" inputMode="numeric" hint="CMS core chronic disease groups" />
      <TextField form={form} name="a1cAbove" label="A1c above (%)" inputMode="decimal" hint="The latest A1c of the last year" />
      <TextField form={form} name="pdcBelow" label="PDC below (%)" inputMode="decimal" hint="Diabetes, RAS antagonist or statin adherence this year" />
      <TextField form={form} name="recentDischargeDays" label="Inpatient discharge within (days)" inputMode="numeric" />
      <SelectField form={form} name="dtpSeverityAtLeast" label="Drug therapy problems" options={DTP_OPTIONS} hint="At least one from the screening, of this severity" />
      <TextField form={form} name="minAnnualCost" label="Minimum annual drug cost (USD)" inputMode="decimal" hint="Paid fills of the last 365 days" />
      <MultiSelectField
        form={form}
        name="highRiskDrugClasses"
        label="High-risk drug classes"
        options={CLASS_OPTIONS}
        className="wide"
        hint="Takes at least one of them. Ctrl- or ⌘-click to choose several."
      />
      <SelectField form={form} name="match" label="Qualify when" options={MATCH_OPTIONS} />
    </FormPanel>
  );
}
