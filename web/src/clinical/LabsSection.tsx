// Labs and vitals grouped by LOINC test: latest value, trend line and direction, earlier values.
import type { Observation, PatientChart } from '../api/types.ts';
import { FormSection } from '../forms/FormSection.tsx';
import { fmtDate, fmtNumber, fmtUnit } from '../format.ts';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { Sparkline } from '../ui/Sparkline.tsx';
import { COMMON_TESTS, ObservationForm } from './ObservationForm.tsx';

export type LabGroup = { loinc: string; display: string; results: Observation[] /* newest first */ };
export type Direction = 'rising' | 'falling' | 'steady' | null;

/** Common tests first in a fixed clinical order, then the rest by name. */
export function groupObservations(observations: Observation[]): LabGroup[] {
  const map = new Map<string, LabGroup>();
  for (const o of observations) {
    const g = map.get(o.loinc) ?? { loinc: o.loinc, display: o.display, results: [] };
    g.results.push(o);
    map.set(o.loinc, g);
  }
  const rank = (loinc: string) => {
    const i = COMMON_TESTS.findIndex((t) => t.loinc === loinc);
    return i === -1 ? COMMON_TESTS.length : i;
  };
  const groups = [...map.values()];
  for (const g of groups) g.results.sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate));
  return groups.sort((a, b) => rank(a.loinc) - rank(b.loinc) || a.display.localeCompare(b.display));
}

/** Direction of the latest numeric value against the one before it. */
export function direction(results: Observation[]): Direction {
  const nums = results.filter((r) => r.valueNum !== null);
  if (nums.length < 2) return null;
  const d = nums[0]!.valueNum! - nums[1]!.valueNum!;
  return d > 0 ? 'rising' : d < 0 ? 'falling' : 'steady';
}

const value = (o: Observation) => {
  const unit = fmtUnit(o.unit);
  return (o.valueNum !== null ? fmtNumber(o.valueNum) : (o.valueText ?? '—')) + (unit ? ` ${unit}` : '');
};
/** Common tests by their everyday name; others by the name they arrived with. */
const testName = (g: LabGroup) => COMMON_TESTS.find((t) => t.loinc === g.loinc)?.display ?? g.display;
const ARROW = { rising: '↑', falling: '↓', steady: '→' } as const;
const SHOWN_PRIOR = 4;

function Trend({ g }: { g: LabGroup }) {
  const dir = direction(g.results);
  const points = g.results
    .filter((r) => r.valueNum !== null)
    .map((r) => ({ date: r.effectiveDate, value: r.valueNum! }))
    .reverse();
  if (!dir) return <span className="muted">—</span>;
  return (
    <span className={`trend trend-${dir}`}>
      <Sparkline points={points} />
      <span className="trend-label">
        {ARROW[dir]} {dir === 'steady' ? 'Unchanged' : dir === 'rising' ? 'Rising' : 'Falling'}
      </span>
    </span>
  );
}

function Prior({ results }: { results: Observation[] }) {
  if (results.length === 0) return <span className="muted">None</span>;
  const item = (o: Observation) => (
    <li key={o.id}>
      {value(o)} <span className="muted">({fmtDate(o.effectiveDate)})</span>
    </li>
  );
  return (
    <>
      <ul className="inline-list">{results.slice(0, SHOWN_PRIOR).map(item)}</ul>
      {results.length > SHOWN_PRIOR ? (
        <details>
          <summary>{results.length - SHOWN_PRIOR} earlier</summary>
          <ul className="inline-list">{results.slice(SHOWN_PRIOR).map(item)}</ul>
        </details>
      ) : null}
    </>
  );
}

const LAB_COLUMNS: Column<LabGroup>[] = [
  { header: 'Test', rowHeader: true, cell: (g) => <WithSub sub={`LOINC ${g.loinc}`}>{testName(g)}</WithSub> },
  { header: 'Latest', className: 'nowrap latest', cell: (g) => value(g.results[0]!) },
  { header: 'Date', className: 'nowrap', cell: (g) => fmtDate(g.results[0]!.effectiveDate) },
  { header: 'Trend', className: 'nowrap', cell: (g) => <Trend g={g} /> },
  { header: 'Earlier results', cell: (g) => <Prior results={g.results.slice(1)} /> },
];

export function LabsSection({ chart, onSaved }: { chart: PatientChart; onSaved: (m: string) => Promise<void> }) {
  return (
    <FormSection
      id="labs"
      title="Labs and vitals"
      permission="clinical:write"
      buttonLabel="Add lab or vital"
      onSaved={onSaved}
      form={(done) => <ObservationForm patientId={chart.patient.id} {...done} />}
    >
      <DataTable
        label="Labs and vitals"
        testId="labs"
        rows={groupObservations(chart.observations)}
        columns={LAB_COLUMNS}
        rowKey={(g) => g.loinc}
        empty="No labs or vitals recorded."
      />
    </FormSection>
  );
}
