// One adherence measure's year as a bar: the measurement period, each fill's (overlap-shifted) coverage as a
// segment, uncovered gaps as the bare period, and markers for today and the refill-by date. The SVG is a picture
// of the text next to it: a summary names it, and a visually hidden list gives every fill and gap in words.
import type { MeasureResult } from '../api/types.ts';
import { fmtDate } from '../format.ts';

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Days of [start, end] (inclusive) that none of the intervals cover, as inclusive [from, to] date pairs. */
export function gaps(start: string, end: string, covered: [string, string][]): [string, string][] {
  const out: [string, string][] = [];
  let cursor = ms(start);
  for (const [a, b] of [...covered].sort((x, y) => x[0].localeCompare(y[0]))) {
    if (ms(a) > cursor) out.push([iso(cursor), iso(Math.min(ms(a) - DAY, ms(end)))]);
    cursor = Math.max(cursor, ms(b) + DAY);
    if (cursor > ms(end)) break;
  }
  if (cursor <= ms(end)) out.push([iso(cursor), end]);
  return out.filter(([a, b]) => a <= b);
}

const W = 1000; // viewBox units; the SVG stretches to the cell width
const H = 34;
const BAR_Y = 10;
const BAR_H = 14;
const MONTHS = 'JFMAMJJASOND';

export function CoverageTimeline({ m, year, asOf }: { m: MeasureResult; year: number; asOf: string }) {
  if (!m.periodStart || !m.periodEnd) return null;
  const y0 = ms(`${year}-01-01`);
  const span = ms(`${year + 1}-01-01`) - y0;
  // x of the start of a day; `end` of an inclusive range is the start of the next day.
  const x = (d: string, end = false) => (((ms(d) + (end ? DAY : 0) - y0) / span) * W).toFixed(1);
  const segs = m.fills.filter((f) => f.coveredFrom && f.coveredTo) as (MeasureResult['fills'][number] & { coveredFrom: string; coveredTo: string })[];
  const holes = gaps(m.periodStart, m.periodEnd, segs.map((f) => [f.coveredFrom, f.coveredTo]));
  const todayIn = asOf >= `${year}-01-01` && asOf <= `${year}-12-31`;
  const refillBy = m.refill?.status === 'refill-by' ? m.refill.lastDate : null;
  const id = `timeline-${m.measure}`;
  const summary =
    `Coverage ${fmtDate(m.periodStart)} to ${fmtDate(m.periodEnd)}: ${segs.length} ${segs.length === 1 ? 'fill' : 'fills'}, ` +
    `${holes.length} ${holes.length === 1 ? 'gap' : 'gaps'}` +
    (todayIn ? `; today ${fmtDate(asOf)}` : '') +
    (refillBy ? `; refill by ${fmtDate(refillBy)}` : '');

  return (
    <figure className="timeline" data-testid={id}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        width="100%"
        height={H}
        role="img"
        aria-labelledby={`${id}-summary`}
        focusable="false"
      >
        {Array.from({ length: 12 }, (_, i) => {
          const mx = x(`${year}-${String(i + 1).padStart(2, '0')}-01`);
          return <line key={i} className="tl-tick" x1={mx} x2={mx} y1={BAR_Y - 4} y2={BAR_Y + BAR_H + 4} vectorEffect="non-scaling-stroke" />;
        })}
        <rect className="tl-year" x={0} y={BAR_Y} width={W} height={BAR_H} />
        <rect className="tl-period" x={x(m.periodStart)} y={BAR_Y} width={Number(x(m.periodEnd, true)) - Number(x(m.periodStart))} height={BAR_H}>
          <title>{`Measurement period ${fmtDate(m.periodStart)} to ${fmtDate(m.periodEnd)}`}</title>
        </rect>
        {segs.map((f, i) => (
          <rect key={i} className="tl-fill" x={x(f.coveredFrom)} y={BAR_Y} width={Number(x(f.coveredTo, true)) - Number(x(f.coveredFrom))} height={BAR_H}>
            <title>{`${f.drug}: filled ${fmtDate(f.date)} (${f.daysSupply} days), covers ${fmtDate(f.coveredFrom)} to ${fmtDate(f.coveredTo)}`}</title>
          </rect>
        ))}
        {todayIn ? (
          <line className="tl-today" x1={x(asOf)} x2={x(asOf)} y1={2} y2={H - 2} vectorEffect="non-scaling-stroke">
            <title>{`Today ${fmtDate(asOf)}`}</title>
          </line>
        ) : null}
        {refillBy ? (
          <line className="tl-refill" x1={x(refillBy)} x2={x(refillBy)} y1={2} y2={H - 2} vectorEffect="non-scaling-stroke">
            <title>{`Refill by ${fmtDate(refillBy)}`}</title>
          </line>
        ) : null}
      </svg>
      <div className="tl-months" aria-hidden="true">
        {MONTHS.split('').map((c, i) => (
          <span key={i}>{c}</span>
        ))}
      </div>
      <figcaption>
        <span id={`${id}-summary`} className="visually-hidden">
          {summary}
        </span>
        <ul className="tl-legend" aria-hidden="true">
          <li><span className="sw sw-fill" /> Covered</li>
          <li><span className="sw sw-gap" /> Not covered</li>
          {todayIn ? <li><span className="sw sw-today" /> Today</li> : null}
          {refillBy ? <li><span className="sw sw-refill" /> Refill by {fmtDate(refillBy)}</li> : null}
        </ul>
        <ul className="visually-hidden">
          {segs.map((f, i) => (
            <li key={`f${i}`}>
              {f.drug}, filled {fmtDate(f.date)} for {f.daysSupply} days: covers {fmtDate(f.coveredFrom)} to {fmtDate(f.coveredTo)}
            </li>
          ))}
          {holes.map(([a, b]) => (
            <li key={`g${a}`}>Not covered {a === b ? fmtDate(a) : `${fmtDate(a)} to ${fmtDate(b)}`}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
