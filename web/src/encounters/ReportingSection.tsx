// The CMS Part D MTM reporting fields for this patient and year (GET /api/patients/:id/mtm-reporting): what the
// beneficiary-level file will say, and why a review did or did not count.
import type { MtmReportingFields } from '../../../src/domain/mtm-reporting.ts';
import { useApi } from '../api/useApi.ts';
import { fmtDate } from '../format.ts';
import { Facts } from '../ui/Facts.tsx';
import { Section } from '../ui/Section.tsx';

type Reporting = MtmReportingFields & { issues: { column: string; message: string }[] };

export function ReportingSection({ patientId, year }: { patientId: string; year: number }) {
  const { data, error } = useApi<Reporting>(`/api/patients/${encodeURIComponent(patientId)}/mtm-reporting?year=${year}`);
  const d = (v: string | null) => (v ? fmtDate(v) : '—');
  return (
    <Section id="mtm-reporting" title={`CMS MTM reporting ${year}`}>
      {error ? <p className="form-error" role="alert">{error.userMessage}</p> : null}
      {!data ? null : !data.enrolled ? <p className="muted">Not enrolled in a Part D MTM program in {year}.</p> : (
        <>
          <Facts
            className="facts"
            facts={([
              ['Program', data.programName ?? '—'],
              ['Contract / PBP', `${data.contract ?? '—'} / ${data.pbp ?? '—'}`],
              ['Enrolled', d(data.enrollmentDate)],
              ['Opted out', data.optOutDate ? `${fmtDate(data.optOutDate)} (reason ${data.optOutReason ?? '—'})` : '—'],
              ['CMR offered', data.cmrOffered === 'Y' ? `Yes, ${d(data.cmrOfferDate)}` : 'No'],
              ['CMRs received', data.cmrCount ? `${data.cmrCount}: ${data.cmrDates.map((x) => fmtDate(x)).join(', ')}` : '0'],
              ['CMR method / recipient (CMS codes)', `${data.cmrDeliveryMethod ?? '—'} / ${data.cmrRecipient ?? '—'}`],
              ['Written summary sent', d(data.writtenSummaryDate)],
              ['TMRs', data.tmrCount ? `${data.tmrCount}, first ${d(data.firstTmrDate)}` : '0'],
              ['Recommendations to prescribers', String(data.prescriberRecommendations)],
              ['Changes in therapy', String(data.therapyChanges)],
            ] as [string, string][]).map(([label, value]) => ({ label, value }))}
          />
          {data.notes.length > 0 ? <ul className="muted">{data.notes.map((n, i) => <li key={i}>{n}</li>)}</ul> : null}
          {data.issues.length > 0 ? (
            <div className="form-error" role="alert">
              <p>These fields would fail the CMS file:</p>
              <ul>{data.issues.map((i, n) => <li key={n}>{i.column}: {i.message}</li>)}</ul>
            </div>
          ) : null}
        </>
      )}
    </Section>
  );
}
