// A finished run's plan rates: one row per measure with its stars when the organisation has cut points.
import { DataTable } from '../ui/DataTable.tsx';
import { fmtPct, measureName } from '../measures/measureText.ts';
import type { MeasureRun, RunMeasure } from './types.ts';

export const starsText = (s: number) => `${'★'.repeat(s)}${'☆'.repeat(5 - s)}`;

export function RunRates({ run }: { run: MeasureRun }) {
  return (
    <>
      <DataTable<RunMeasure>
        label="Plan rates"
        caption={`Plan rates, ${run.year}, as of ${run.asOf}`}
        testId="run-rates"
        rows={run.measures}
        rowKey={(m) => m.measure}
        empty="No results yet."
        columns={[
          { header: 'Measure', rowHeader: true, cell: (m) => <>{measureName(m.measure)} <span className="sub">{m.measure}</span></> },
          { header: 'In the measure', num: true, cell: (m) => m.denominator },
          { header: 'Numerator', num: true, cell: (m) => m.numerator },
          { header: 'Rate', num: true, cell: (m) => (m.rate === null ? '—' : fmtPct(m.rate)) },
          {
            header: 'Stars',
            cell: (m) =>
              m.stars === null ? (
                <span className="muted">—</span>
              ) : (
                <span aria-label={`${m.stars} of 5 stars`} title={`${m.stars} of 5 stars`}>
                  {starsText(m.stars)}
                </span>
              ),
          },
        ]}
      />
      <p className="hint">
        {run.cutPoints ? `Stars from ${run.cutPoints.source} (${run.cutPoints.year}).` : 'Stars appear once a manager sets the star cut points below.'} Poly-ACH
        and COB are inverse measures: a lower rate is better. Class lists: {run.classesLabel}.
      </p>
    </>
  );
}
