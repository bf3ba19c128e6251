// Read-only chart sections about the person: demographics, coverage, consents, care team.
import type { PatientChart } from '../api/types.ts';
import { ageYears, capitalize, fmtConsentKind, fmtCoverageKind, fmtDate, fmtLanguage, fmtSex, orDash, todayIso } from '../format.ts';
import { Empty, Section, TableWrap } from '../ui/Section.tsx';

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export function DemographicsSection({ chart }: { chart: PatientChart }) {
  const p = chart.patient;
  const address = [p.addressLine, [p.city, [p.state, p.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')].filter(Boolean).join(', ');
  const caregiver = p.caregiverName
    ? [p.caregiverName, p.caregiverRelationship ? `(${p.caregiverRelationship})` : '', p.caregiverPhone ?? ''].filter(Boolean).join(' ')
    : 'None recorded';
  const rows: [string, string][] = [
    ['Date of birth', `${fmtDate(p.birthDate)} (age ${ageYears(p.birthDate, p.deceasedDate ?? todayIso()) ?? '—'})`],
    ['Sex', fmtSex(p.sex)],
    ['Preferred language', fmtLanguage(p.language)],
    ['Phone', orDash(p.phone)],
    ['Email', orDash(p.email)],
    ['Address', address || '—'],
    ['Health literacy concern', yesNo(p.healthLiteracyConcern)],
    ['Cognitive impairment', capitalize(p.cognitiveImpairment)],
    ['Lives in long-term care', yesNo(p.longTermCare)],
    ['Caregiver / representative', caregiver],
    ['Record id', orDash(p.externalId)],
  ];
  if (p.deceasedDate) rows.push(['Deceased', fmtDate(p.deceasedDate)]);
  return (
    <Section id="demographics" title="Demographics">
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

export function CoverageSection({ chart }: { chart: PatientChart }) {
  const today = todayIso();
  return (
    <Section id="coverage" title="Coverage">
      {chart.coverages.length === 0 ? (
        <Empty>No coverage recorded.</Empty>
      ) : (
        <TableWrap label="Coverage">
          <table>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Payer</th>
                <th scope="col">Member id</th>
                <th scope="col">Contract / PBP</th>
                <th scope="col">Group</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
              </tr>
            </thead>
            <tbody>
              {chart.coverages.map((c) => {
                const current = c.startDate <= today && (c.endDate === null || c.endDate >= today);
                return (
                  <tr key={c.id} className={current ? undefined : 'muted-row'}>
                    <th scope="row">
                      {fmtCoverageKind(c.kind)}
                      {current ? <span className="tag tag-current">Current</span> : null}
                    </th>
                    <td>{c.payerName}</td>
                    <td className="mono">{c.memberId}</td>
                    <td className="mono">{c.contractId ? `${c.contractId}${c.pbpId ? `-${c.pbpId}` : ''}` : '—'}</td>
                    <td>{orDash(c.groupId)}</td>
                    <td className="nowrap">{fmtDate(c.startDate)}</td>
                    <td className="nowrap">{c.endDate ? fmtDate(c.endDate) : 'Open'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}

export function ConsentsSection({ chart }: { chart: PatientChart }) {
  return (
    <Section id="consents" title="Consents">
      {chart.consents.length === 0 ? (
        <Empty>No consents recorded.</Empty>
      ) : (
        <TableWrap label="Consents">
          <table>
            <thead>
              <tr>
                <th scope="col">Consent</th>
                <th scope="col">Status</th>
                <th scope="col">Given by</th>
                <th scope="col">Effective</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {chart.consents.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{fmtConsentKind(c.kind)}</th>
                  <td>
                    <span className={`tag tag-consent-${c.status}`}>{capitalize(c.status)}</span>
                  </td>
                  <td>{capitalize(c.givenBy)}</td>
                  <td className="nowrap">{fmtDate(c.effectiveDate)}</td>
                  <td className="nowrap">{c.expiresDate ? fmtDate(c.expiresDate) : 'No end date'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}

export function CareTeamSection({ chart }: { chart: PatientChart }) {
  return (
    <Section id="care-team" title="Care team">
      {chart.careTeam.length === 0 ? (
        <Empty>No care team recorded.</Empty>
      ) : (
        <TableWrap label="Care team">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">NPI</th>
                <th scope="col">Role</th>
                <th scope="col">Specialty</th>
                <th scope="col">Phone</th>
                <th scope="col">Fax</th>
              </tr>
            </thead>
            <tbody>
              {chart.careTeam.map((m) => {
                const p = m.prescriber;
                return (
                  <tr key={m.id}>
                    <th scope="row">{p ? `${p.firstName} ${p.lastName}${p.credential ? `, ${p.credential}` : ''}` : 'Unknown'}</th>
                    <td className="mono">{p?.npi ?? '—'}</td>
                    <td>{capitalize(m.role)}</td>
                    <td>{orDash(p?.specialty)}</td>
                    <td className="nowrap">{orDash(p?.phone)}</td>
                    <td className="nowrap">{orDash(p?.fax)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
