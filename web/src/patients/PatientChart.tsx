// The patient chart: one page, sticky banner, in-page navigation, one section per part of the record.
import { useCallback, useEffect, useRef } from 'react';
import type { PatientChart as Chart } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { AllergiesSection, ConditionsSection } from '../clinical/ConditionsAllergiesSections.tsx';
import { groupObservations, LabsSection } from '../clinical/LabsSection.tsx';
import { MeasuresSection } from '../measures/MeasuresSection.tsx';
import { DtpSection } from '../screening/DtpSection.tsx';
import { ReviewsSection } from '../encounters/ReviewsSection.tsx';
import { ReportingSection } from '../encounters/ReportingSection.tsx';
import { MedicationsSection } from '../medications/MedicationsSection.tsx';
import { SignaturesSection } from '../medications/SignaturesSection.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import { Link } from '../router.tsx';
import { ChartHeader } from './ChartHeader.tsx';
import { EncountersSection, FillsSection, ImmunizationsSection } from './HistorySections.tsx';
import { CareTeamSection, ConsentsSection, CoverageSection, DemographicsSection } from './RecordSections.tsx';
import { lastSearchHref } from './searchState.ts';
import { todayIso } from '../format.ts';

function ChartNav({ chart }: { chart: Chart }) {
  const active = chart.medications.filter((m) => m.status === 'active').length;
  const items: [string, string, number | null][] = [
    ['demographics', 'Demographics', null],
    ['coverage', 'Coverage', chart.coverages.length],
    ['consents', 'Consents', chart.consents.length],
    ['care-team', 'Care team', chart.careTeam.length],
    ['medications', 'Medications', active],
    ['dtps', 'Drug therapy problems', null],
    ['reviews', 'Medication reviews', null],
    ['mtm-reporting', 'CMS MTM reporting', null],
    ['measures', 'Adherence & star measures', null],
    ['conditions', 'Conditions', chart.conditions.length],
    ['allergies', 'Allergies', chart.allergies.length],
    ['labs', 'Labs & vitals', groupObservations(chart.observations).length],
    ['fills', 'Fills', chart.fills.length],
    ['encounters', 'Encounters', chart.encounters.length],
    ['immunizations', 'Immunizations', chart.immunizations.length],
    ['signatures', 'Signatures', chart.signatures.length],
  ];
  return (
    <nav className="chart-nav" aria-label="Chart sections">
      <ul>
        {items.map(([id, label, n]) => (
          <li key={id}>
            <a href={`#${id}`}>
              {label}
              {n !== null ? <span className="count">{n}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PatientChart({ patientId }: { patientId: string }) {
  const { data, error, loading, reload } = useApi<Chart>(`/api/patients/${encodeURIComponent(patientId)}`);
  const announce = useAnnounce();
  const focused = useRef<string | null>(null);

  useEffect(() => {
    if (!data) return;
    document.title = `${data.patient.lastName}, ${data.patient.firstName} — OpenMTM`;
    // Move focus to the patient's name once per opened chart (not on every reload after a save).
    if (focused.current !== patientId) {
      focused.current = patientId;
      if (!window.location.hash) document.getElementById('patient-name')?.focus({ preventScroll: true });
      else document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
    }
  }, [data, patientId]);

  const onSaved = useCallback(
    async (message: string) => {
      await reload();
      announce(message);
    },
    [reload, announce],
  );

  if (error && !data) {
    const notFound = error.status === 404;
    return (
      <div className="page">
        <h1 tabIndex={-1}>{notFound ? 'Patient not found' : 'Could not open the chart'}</h1>
        <p className="form-error" role="alert">
          {notFound ? 'This patient does not exist or is not in your organisation.' : error.userMessage}
        </p>
        <p>
          <Link to={lastSearchHref()}>Back to patient search</Link>
        </p>
      </div>
    );
  }
  if (!data) {
    return (
      <div className="page" aria-busy={loading}>
        <p role="status">Loading chart…</p>
      </div>
    );
  }

  return (
    <div className="chart">
      <ChartHeader chart={data} />
      {error ? (
        <p className="form-error" role="alert">
          Could not refresh the chart: {error.userMessage}
        </p>
      ) : null}
      <div className="chart-body">
        <ChartNav chart={data} />
        <div className="chart-sections">
          <DemographicsSection chart={data} onSaved={onSaved} />
          <CoverageSection chart={data} />
          <ConsentsSection chart={data} />
          <CareTeamSection chart={data} />
          <MedicationsSection chart={data} onSaved={onSaved} />
          <DtpSection patientId={data.patient.id} />
          <ReviewsSection patientId={data.patient.id} />
          <ReportingSection patientId={data.patient.id} year={Number(todayIso().slice(0, 4))} />
          <MeasuresSection patientId={data.patient.id} />
          <ConditionsSection chart={data} onSaved={onSaved} />
          <AllergiesSection chart={data} onSaved={onSaved} />
          <LabsSection chart={data} onSaved={onSaved} />
          <FillsSection chart={data} />
          <EncountersSection chart={data} />
          <ImmunizationsSection chart={data} />
          <SignaturesSection chart={data} onSaved={onSaved} />
        </div>
      </div>
    </div>
  );
}
