// Drug therapy problems flagged by the screening engine for this chart: problems first (by severity), each with
// its DTP category, what triggered it (medications, conditions, labs, derived facts), the source it rests on, a
// recommendation for the pharmacist and a sentence for the patient's action plan. "Could not assess" items are
// listed apart with the data each one needs, so missing data is never read as "no problem".
import type { DtpFinding, ScreeningResult } from '../../../src/domain/screening.ts';
import { useApi } from '../api/useApi.ts';
import { fmtDate } from '../format.ts';
import { Empty, Section } from '../ui/Section.tsx';
import { CATEGORY_LABEL, GROUP_LABEL, SEVERITY_LABEL } from './dtpText.ts';

type Screening = ScreeningResult & { knowledge: { file: string; version: string }[] };

function Evidence({ f }: { f: DtpFinding }) {
  const e = f.evidence;
  return (
    <ul className="dtp-evidence" aria-label="Evidence">
      {e.medications.map((m) => (
        <li key={`m-${m.id}`}>
          <span className="dtp-ev-kind">Medication</span> {m.name}
          {m.dailyDose ? <span className="muted"> — {m.dailyDose}</span> : null}
        </li>
      ))}
      {e.conditions.map((c) => (
        <li key={`c-${c.id}`}>
          <span className="dtp-ev-kind">Condition</span> {c.text}
          {c.code ? <span className="muted"> ({c.code})</span> : null}
        </li>
      ))}
      {e.observations.map((o) => (
        <li key={`o-${o.id}`}>
          <span className="dtp-ev-kind">Lab</span> {o.text ?? o.loinc} {o.value} {o.unit ?? ''} <span className="muted">on {fmtDate(o.date)}</span>
        </li>
      ))}
      {e.facts.map((t, i) => (
        <li key={`f-${i}`}>
          <span className="dtp-ev-kind">Fact</span> {t}
        </li>
      ))}
    </ul>
  );
}

function FindingItem({ f }: { f: DtpFinding }) {
  return (
    <li className={`dtp dtp-${f.severity} dtp-${f.status}`} data-rule={f.ruleId}>
      <div className="dtp-head">
        <span className={`dtp-severity sev-${f.severity}`}>{f.status === 'could-not-assess' ? 'Could not assess' : SEVERITY_LABEL[f.severity]}</span>
        <h3 className="dtp-title">{f.title}</h3>
        <span className="dtp-category">
          {CATEGORY_LABEL[f.category]} <span className="muted">· {GROUP_LABEL[f.group]}</span>
        </span>
      </div>
      <p className="dtp-summary">{f.summary}</p>
      {f.missing.length > 0 ? (
        <p className="dtp-missing">
          <strong>Needs:</strong> {f.missing.join('; ')}
        </p>
      ) : null}
      <Evidence f={f} />
      <dl className="dtp-advice">
        <dt>Recommendation</dt>
        <dd>{f.recommendation}</dd>
        <dt>For the patient</dt>
        <dd>{f.patientText}</dd>
        <dt>Source</dt>
        <dd>
          {f.source.url ? (
            <a href={f.source.url} target="_blank" rel="noreferrer">
              {f.source.citation}
            </a>
          ) : (
            f.source.citation
          )}{' '}
          <span className="muted">
            ({f.source.version}; rule {f.ruleId} v{f.ruleVersion}; SNOMED CT {f.snomed.code} {f.snomed.display})
          </span>
        </dd>
      </dl>
    </li>
  );
}

export function DtpSection({ patientId }: { patientId: string }) {
  const { data, error, loading } = useApi<Screening>(`/api/patients/${encodeURIComponent(patientId)}/dtps`);
  const problems = data?.findings.filter((f) => f.status === 'problem') ?? [];
  const unassessed = data?.findings.filter((f) => f.status === 'could-not-assess') ?? [];
  return (
    <Section id="dtps" title="Drug therapy problems">
      {error ? (
        <p className="form-error" role="alert">
          Could not screen this chart: {error.userMessage}
        </p>
      ) : null}
      {!data ? (
        <p role="status" aria-busy={loading}>
          Screening…
        </p>
      ) : (
        <>
          <p className="muted">
            Screened as of {fmtDate(data.asOf)}: {problems.length} {problems.length === 1 ? 'problem' : 'problems'}, {unassessed.length} could not be assessed.
          </p>
          {data.errors.length > 0 ? (
            <p className="form-error" role="alert">
              {data.errors.length} screening {data.errors.length === 1 ? 'rule' : 'rules'} failed and were skipped: {data.errors.map((e) => e.ruleId).join(', ')}.
            </p>
          ) : null}
          {problems.length === 0 ? <Empty>No drug therapy problems flagged.</Empty> : <ol className="dtp-list" aria-label="Problems">{problems.map((f, i) => <FindingItem key={`${f.ruleId}-${i}`} f={f} />)}</ol>}
          {unassessed.length > 0 ? (
            <>
              <h3 className="dtp-subhead">Could not assess</h3>
              <ul className="dtp-list" aria-label="Could not assess">
                {unassessed.map((f, i) => <FindingItem key={`${f.ruleId}-u${i}`} f={f} />)}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}
