// Read-only history: pharmacy fills, encounters (with inpatient length of stay), immunizations.
import { useState } from 'react';
import type { Encounter, Fill, Immunization, PatientChart } from '../api/types.ts';
import { capitalize, daysBetween, fmtDate, fmtEncounterKind, fmtMoney, fmtNumber, orDash } from '../format.ts';
import { DataTable, WithSub, type Column } from '../ui/DataTable.tsx';
import { Section } from '../ui/Section.tsx';

const FIRST_FILLS = 25;

const FILL_COLUMNS: Column<Fill>[] = [
  { header: 'Fill date', className: 'nowrap', cell: (f) => fmtDate(f.fillDate) },
  { header: 'Drug', rowHeader: true, cell: (f) => f.drugName },
  { header: 'NDC', className: 'mono', cell: (f) => orDash(f.ndc) },
  { header: "Days' supply", num: true, cell: (f) => f.daysSupply },
  { header: 'Qty', num: true, cell: (f) => fmtNumber(f.quantity) },
  { header: 'Cost', num: true, cell: (f) => fmtMoney(f.totalCost) },
  { header: 'Patient pay', num: true, cell: (f) => fmtMoney(f.patientPay) },
  { header: 'Pharmacy', cell: (f) => orDash(f.pharmacyName) },
  { header: 'Prescriber', cell: (f) => orDash(f.prescriberName) },
  { header: 'Status', cell: (f) => capitalize(f.claimStatus) },
];

export function FillsSection({ chart }: { chart: PatientChart }) {
  const [all, setAll] = useState(false);
  const fills = [...chart.fills].sort((a, b) => b.fillDate.localeCompare(a.fillDate));
  const shown = all ? fills : fills.slice(0, FIRST_FILLS);
  return (
    <Section id="fills" title="Pharmacy fills">
      <DataTable
        label="Pharmacy fills, newest first"
        caption="Pharmacy fills, newest first"
        rows={shown}
        columns={FILL_COLUMNS}
        rowKey={(f) => f.id}
        rowClass={(f) => (f.claimStatus === 'reversed' ? 'muted-row' : undefined)}
        empty="No pharmacy fills on record."
      />
      {fills.length > FIRST_FILLS ? (
        <p>
          <button type="button" className="link-button" onClick={() => setAll((a) => !a)}>
            {all ? `Show the newest ${FIRST_FILLS} only` : `Show all ${fills.length} fills`}
          </button>
        </p>
      ) : null}
    </Section>
  );
}

/** Inpatient length of stay: days, null while still admitted, undefined for other kinds of encounter. */
function lengthOfStay(e: Encounter): number | null | undefined {
  if (e.kind !== 'inpatient') return undefined;
  return e.endDate ? daysBetween(e.startDate, e.endDate) : null;
}

const ENCOUNTER_COLUMNS: Column<Encounter>[] = [
  {
    header: 'Kind',
    rowHeader: true,
    cell: (e) => (e.kind === 'inpatient' || e.kind === 'emergency' ? <strong>{fmtEncounterKind(e.kind)}</strong> : fmtEncounterKind(e.kind)),
  },
  { header: 'Start', className: 'nowrap', cell: (e) => fmtDate(e.startDate) },
  { header: 'End', className: 'nowrap', cell: (e) => fmtDate(e.endDate) },
  {
    header: 'Length of stay',
    num: true,
    cell: (e) => {
      const los = lengthOfStay(e);
      return los === undefined ? '' : los === null ? 'Still admitted' : `${los} day${los === 1 ? '' : 's'}`;
    },
  },
  { header: 'Facility', cell: (e) => orDash(e.facility) },
  { header: 'Reason', cell: (e) => <WithSub sub={e.reasonCode}>{orDash(e.reason)}</WithSub> },
];

export function EncountersSection({ chart }: { chart: PatientChart }) {
  const rows = [...chart.encounters].sort((a, b) => b.startDate.localeCompare(a.startDate));
  return (
    <Section id="encounters" title="Encounters">
      <DataTable label="Encounters, newest first" rows={rows} columns={ENCOUNTER_COLUMNS} rowKey={(e) => e.id} empty="No encounters on record." />
    </Section>
  );
}

const IMMUNIZATION_COLUMNS: Column<Immunization>[] = [
  { header: 'Vaccine', rowHeader: true, cell: (i) => i.display },
  { header: 'CVX', className: 'mono', cell: (i) => i.cvx },
  { header: 'Given', className: 'nowrap', cell: (i) => fmtDate(i.administeredDate) },
];

export function ImmunizationsSection({ chart }: { chart: PatientChart }) {
  const rows = [...chart.immunizations].sort((a, b) => b.administeredDate.localeCompare(a.administeredDate));
  return (
    <Section id="immunizations" title="Immunizations">
      <DataTable label="Immunizations, newest first" rows={rows} columns={IMMUNIZATION_COLUMNS} rowKey={(i) => i.id} empty="No immunizations on record." />
    </Section>
  );
}
