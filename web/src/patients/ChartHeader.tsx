// The sticky patient banner: who this is and what must not be missed (allergies, flags), on every scroll position.
import { useEffect, useRef } from 'react';
import type { PatientChart } from '../api/types.ts';
import { ageYears, fmtDate, fmtLanguage, fmtSex, todayIso } from '../format.ts';
import { Link } from '../router.tsx';
import { Facts } from '../ui/Facts.tsx';
import { lastSearchHref } from './searchState.ts';

export function ChartHeader({ chart }: { chart: PatientChart }) {
  const p = chart.patient;
  const ref = useRef<HTMLElement | null>(null);
  const today = todayIso();
  const memberIds = [...new Set(chart.coverages.filter((c) => c.endDate === null || c.endDate >= today).map((c) => c.memberId))];
  const age = ageYears(p.birthDate, p.deceasedDate ?? today);
  const allergies = chart.allergies;

  // Section headings scroll to just below the banner, whatever height it wraps to.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = () => document.documentElement.style.setProperty('--banner-height', `${el.offsetHeight}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  return (
    <header className="patient-banner" ref={ref}>
      <div className="banner-top">
        <Link to={lastSearchHref()} className="back-link">
          ← Patients
        </Link>
        <h1 id="patient-name" tabIndex={-1}>
          {p.lastName}, {p.firstName}
        </h1>
        {p.deceasedDate ? <span className="badge badge-dark">Deceased {fmtDate(p.deceasedDate)}</span> : null}
      </div>
      <Facts
        className="banner-facts"
        facts={[
          { label: 'Age', value: age ?? '—' },
          { label: 'DOB', value: fmtDate(p.birthDate) },
          { label: 'Sex', value: fmtSex(p.sex) },
          { label: 'Language', value: fmtLanguage(p.language) },
          { label: 'Member ids', value: memberIds.length ? memberIds.join(', ') : '—', className: 'mono' },
        ]}
      />
      <div className="banner-flags">
        <a href="#allergies" className={allergies.length ? 'badge badge-alert' : 'badge badge-neutral'} data-testid="allergy-badge">
          {allergies.length
            ? `Allergies (${allergies.length}): ${allergies.map((a) => a.substance).join(', ')}`
            : 'No allergies recorded'}
        </a>
        {p.healthLiteracyConcern ? <span className="badge badge-warn">Health literacy concern</span> : null}
        {p.cognitiveImpairment === 'yes' ? <span className="badge badge-warn">Cognitive impairment</span> : null}
        {p.longTermCare ? <span className="badge badge-info">Long-term care</span> : null}
        {p.caregiverName ? <span className="badge badge-info">Caregiver: {p.caregiverName}</span> : null}
      </div>
    </header>
  );
}
