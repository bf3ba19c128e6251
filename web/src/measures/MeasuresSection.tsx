// Adherence and star measures for one measurement year: PDC for the three adherence classes (with a coverage
// timeline and refill advice), SUPD, and the two inverse concurrent-use measures. Loaded on its own from
// GET /api/patients/:id/measures?year=, so a slow or failing measures call never holds up the chart.
import { useId, useState } from 'react';
import { withQuery } from '../api/client.ts';
import type { MeasureResult, PatientMeasures } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { fmtDate } from '../format.ts';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { Empty, Section } from '../ui/Section.tsx';
import { CoverageTimeline } from './CoverageTimeline.tsx';
import { isPdcMeasure, measureName, measureStatus, refillText } from './measureText.ts';

const ICON = { ok: '✓', bad: '!', none: '–' } as const;

function StatusCell({ m }: { m: MeasureResult }) {
  const s = measureStatus(m);
  return (
    <WithSub sub={s.sub}>
      <span className={`measure-status measure-${s.tone}`}>
        <span className="measure-icon" aria-hidden="true">
          {ICON[s.tone]}
        </span>{' '}
        {s.text}
      </span>
    </WithSub>
  );
}

function columns(year: number, asOf: string): Column<MeasureResult>[] {
  return [
    { header: 'Measure', rowHeader: true, cell: (m) => <WithSub sub={m.measure}>{measureName(m.measure)}</WithSub> },
    { header: 'Status', className: 'nowrap', cell: (m) => <StatusCell m={m} /> },
    {
      header: 'Covered / days in period',
      num: true,
      className: 'nowrap',
      cell: (m) =>
        m.coveredDays !== null && m.periodDays !== null ? (
          <WithSub sub={m.periodStart && m.periodEnd ? `${fmtDate(m.periodStart)}–${fmtDate(m.periodEnd)}` : null}>
            {m.coveredDays} / {m.periodDays}
            <span className="visually-hidden"> days in period</span>
          </WithSub>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      header: 'Refill advice and coverage',
      className: 'measure-detail',
      cell: (m) => {
        const advice = refillText(m.refill);
        const timeline = isPdcMeasure(m.measure) && m.inDenominator;
        return (
          <>
            {advice ? <p className={`refill refill-${m.refill?.status ?? 'none'}`}>{advice}</p> : timeline ? null : <span className="muted">—</span>}
            {timeline ? <CoverageTimeline m={m} year={year} asOf={asOf} /> : null}
          </>
        );
      },
    },
  ];
}

export function MeasuresSection({ patientId }: { patientId: string }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const selectId = useId();
  const { data, error, loading } = useApi<PatientMeasures>(withQuery(`/api/patients/${encodeURIComponent(patientId)}/measures`, { year }));
  // Keep the last answer on screen while another year loads, but never show it under the wrong year.
  const shown = data && data.year === year ? data : undefined;

  return (
    <Section
      id="measures"
      title="Adherence & star measures"
      actions={
        <span className="measure-year">
          <label htmlFor={selectId}>Measurement year</label>
          <select id={selectId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </span>
      }
    >
      {error ? (
        <p className="form-error" role="alert">
          Could not load the measures: {error.userMessage}
        </p>
      ) : null}
      {!shown ? (
        error ? null : (
          <p role="status" aria-busy={loading}>
            Loading measures for {year}…
          </p>
        )
      ) : (
        <>
          <p className="measure-intro">
            Measurement year {shown.year}, as of {fmtDate(shown.asOf)}. {shown.label}. Adherence counts a patient as adherent at
            80% of days covered or more.
          </p>
          {shown.unclassifiedFills > 0 ? (
            <p className="note" role="note">
              {shown.unclassifiedFills} {shown.unclassifiedFills === 1 ? 'fill' : 'fills'} could not be classified — measures may be
              incomplete.
            </p>
          ) : null}
          {shown.measures.length === 0 ? (
            <Empty>No measures for {shown.year}.</Empty>
          ) : (
            <DataTable
              label={`Adherence and star measures ${shown.year}`}
              caption={`Adherence and star measures, measurement year ${shown.year}`}
              testId="measures"
              className="measures-table"
              busy={loading}
              rows={shown.measures}
              columns={columns(shown.year, shown.asOf)}
              rowKey={(m) => m.measure}
            />
          )}
        </>
      )}
    </Section>
  );
}
