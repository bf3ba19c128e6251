// Words for the adherence and star measures: names, denominator reasons, status and refill advice.
import type { MeasureId, MeasureResult, RefillAdvice } from '../api/types.ts';
import { fmtDate } from '../format.ts';

export const MEASURE_NAMES: Record<MeasureId, string> = {
  'PDC-DR': 'Adherence: diabetes medications',
  'PDC-RASA': 'Adherence: RAS antagonists',
  'PDC-STA': 'Adherence: statins',
  SUPD: 'Statin use in persons with diabetes',
  'POLY-ACH': 'Concurrent anticholinergics (≥65)',
  COB: 'Concurrent opioid + benzodiazepine',
};

export const measureName = (id: string): string => MEASURE_NAMES[id as MeasureId] ?? id;

export const isPdcMeasure = (id: string): boolean => id.startsWith('PDC-');

/** Inverse measures: being in the numerator is the bad outcome. */
export const isInverseMeasure = (id: string): boolean => id === 'POLY-ACH' || id === 'COB';

const REASONS: Record<string, string> = {
  'in-denominator': 'In the measure',
  'too-few-fills': 'Fewer than 2 fills on different days',
  'ipsd-too-late': 'First fill too late in the year (needs 91+ days)',
  age: 'Age outside the measure',
  'enrollment-gap': 'Gap in enrollment',
  'not-alive-in-year': 'Not alive during the year',
};

export function reasonText(reason: string): string {
  if (REASONS[reason]) return REASONS[reason];
  if (reason.startsWith('excluded:')) return `Excluded: ${reason.slice('excluded:'.length).replace(/[-_]/g, ' ')}`;
  return reason.replace(/[-_]/g, ' ');
}

/**
 * A proportion as a percentage with one decimal, rounded down so that a value just under the threshold
 * (0.7996) never reads as "80.0%" next to "Below 80%".
 */
export function fmtPct(p: number): string {
  return `${(Math.floor(p * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

export type Status = { text: string; sub?: string; tone: 'ok' | 'bad' | 'none' };

export function measureStatus(m: MeasureResult): Status {
  if (!m.inDenominator) return { text: 'Not in measure', sub: reasonText(m.reason), tone: 'none' };
  if (isPdcMeasure(m.measure)) {
    const pct = m.pdc === null ? '—' : fmtPct(m.pdc);
    return m.numerator === 1 ? { text: `${pct} Adherent`, tone: 'ok' } : { text: `${pct} Below 80%`, tone: 'bad' };
  }
  if (m.measure === 'SUPD') return m.numerator === 1 ? { text: 'Statin filled', tone: 'ok' } : { text: 'No statin fill', tone: 'bad' };
  if (isInverseMeasure(m.measure))
    return m.numerator === 1
      ? { text: 'Concurrent use found', sub: 'Inverse measure: this is the outcome to avoid', tone: 'bad' }
      : { text: 'No concurrent use', tone: 'ok' };
  return { text: m.numerator === 1 ? 'Met' : 'Not met', tone: 'none' };
}

export function refillText(r: RefillAdvice): string | null {
  if (!r) return null;
  switch (r.status) {
    case 'already-adherent':
      return 'Already at 80%';
    case 'refill-by':
      return `Refill by ${fmtDate(r.lastDate)} to reach 80% this year`;
    case 'cannot-reach':
      return `Cannot reach 80% this year (best possible ${fmtPct(r.bestPdc)})`;
  }
}
