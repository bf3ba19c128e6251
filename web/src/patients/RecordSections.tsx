// Read-only chart sections about the person: demographics, coverage, consents, care team.
import type { CareTeamMember, Consent, Coverage, PatientChart } from '../api/types.ts';
import { ageYears, capitalize, fmtConsentKind, fmtCoverageKind, fmtDate, fmtLanguage, fmtSex, orDash, todayIso } from '../format.ts';
import { DataTable, type Column } from '../ui/DataTable.tsx';
import { Facts, type Fact } from '../ui/Facts.tsx';
import { Section } from '../ui/Section.tsx';
import { DmpStatus } from './DmpStatus.tsx';
import { HomePharmacy } from './HomePharmacy.tsx';

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export function DemographicsSection({ chart, onSaved }: { chart: PatientChart; onSaved: (message: string) => Promise<void> }) {
  const p = chart.patient;
  const address = [p.addressLine, [p.city, [p.state, p.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')].filter(Boolean).join(', ');
  const caregiver = p.caregiverName
    ? [p.caregiverName, p.caregiverRelationship ? `(${p.caregiverRelationship})` : '', p.caregiverPhone ?? ''].filter(Boolean).join(' ')
    : 'None recorded';
  const facts: Fact[] = [
    { label: 'Date of birth', value: `${fmtDate(p.birthDate)} (age ${ageYears(p.birthDate, p.deceasedDate ?? todayIso()) ?? '—'})` },
    { label: 'Sex', value: fmtSex(p.sex) },
    { label: 'Preferred language', value: fmtLanguage(p.language) },
    { label: 'Phone', value: orDash(p.phone) },
    { label: 'Email', value: orDash(p.email) },
    { label: 'Address', value: address || '—' },
    { label: 'Home pharmacy', value: <HomePharmacy chart={chart} onSaved={onSaved} /> },
    { label: 'Drug management program (plan)', value: <DmpStatus chart={chart} onSaved={onSaved} /> },
    { label: 'Health literacy concern', value: yesNo(p.healthLiteracyConcern) },
    { label: 'Cognitive impairment', value: capitalize(p.cognitiveImpairment) },
    { label: 'Lives in long-term care', value: yesNo(p.longTermCare) },
    { label: 'Caregiver / representative', value: caregiver },
    { label: 'Record id', value: orDash(p.externalId) },
  ];
  if (p.deceasedDate) facts.push({ label: 'Deceased', value: fmtDate(p.deceasedDate) });
  return (
    <Section id="demographics" title="Demographics">
      <Facts className="facts" facts={facts} />
    </Section>
  );
}

const isCurrent = (c: Coverage, today: string) => c.startDate <= today && (c.endDate === null || c.endDate >= today);

function coverageColumns(today: string): Column<Coverage>[] {
  return [
    {
      header: 'Kind',
      rowHeader: true,
      cell: (c) => (
        <>
          {fmtCoverageKind(c.kind)}
          {isCurrent(c, today) ? <span className="tag tag-current">Current</span> : null}
        </>
      ),
    },
    { header: 'Payer', cell: (c) => c.payerName },
    { header: 'Member id', className: 'mono', cell: (c) => c.memberId },
    { header: 'Contract / PBP', className: 'mono', cell: (c) => (c.contractId ? `${c.contractId}${c.pbpId ? `-${c.pbpId}` : ''}` : '—') },
    { header: 'Group', cell: (c) => orDash(c.groupId) },
    { header: 'Start', className: 'nowrap', cell: (c) => fmtDate(c.startDate) },
    { header: 'End', className: 'nowrap', cell: (c) => (c.endDate ? fmtDate(c.endDate) : 'Open') },
  ];
}

export function CoverageSection({ chart }: { chart: PatientChart }) {
  const today = todayIso();
  return (
    <Section id="coverage" title="Coverage">
      <DataTable
        label="Coverage"
        rows={chart.coverages}
        columns={coverageColumns(today)}
        rowKey={(c) => c.id}
        rowClass={(c) => (isCurrent(c, today) ? undefined : 'muted-row')}
        empty="No coverage recorded."
      />
    </Section>
  );
}

const CONSENT_COLUMNS: Column<Consent>[] = [
  { header: 'Consent', rowHeader: true, cell: (c) => fmtConsentKind(c.kind) },
  { header: 'Status', cell: (c) => <span className={`tag tag-consent-${c.status}`}>{capitalize(c.status)}</span> },
  { header: 'Given by', cell: (c) => capitalize(c.givenBy) },
  { header: 'Effective', className: 'nowrap', cell: (c) => fmtDate(c.effectiveDate) },
  { header: 'Expires', className: 'nowrap', cell: (c) => (c.expiresDate ? fmtDate(c.expiresDate) : 'No end date') },
];

export function ConsentsSection({ chart }: { chart: PatientChart }) {
  return (
    <Section id="consents" title="Consents">
      <DataTable label="Consents" rows={chart.consents} columns={CONSENT_COLUMNS} rowKey={(c) => c.id} empty="No consents recorded." />
    </Section>
  );
}

const CARE_TEAM_COLUMNS: Column<CareTeamMember>[] = [
  {
    header: 'Name',
    rowHeader: true,
    cell: ({ prescriber: p }) => (p ? `${p.firstName} ${p.lastName}${p.credential ? `, ${p.credential}` : ''}` : 'Unknown'),
  },
  { header: 'NPI', className: 'mono', cell: (m) => m.prescriber?.npi ?? '—' },
  { header: 'Role', cell: (m) => capitalize(m.role) },
  { header: 'Specialty', cell: (m) => orDash(m.prescriber?.specialty) },
  { header: 'Phone', className: 'nowrap', cell: (m) => orDash(m.prescriber?.phone) },
  { header: 'Fax', className: 'nowrap', cell: (m) => orDash(m.prescriber?.fax) },
];

export function CareTeamSection({ chart }: { chart: PatientChart }) {
  return (
    <Section id="care-team" title="Care team">
      <DataTable label="Care team" rows={chart.careTeam} columns={CARE_TEAM_COLUMNS} rowKey={(m) => m.id} empty="No care team recorded." />
    </Section>
  );
}
