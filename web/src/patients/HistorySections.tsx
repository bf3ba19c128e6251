// Read-only history: pharmacy fills, encounters (with inpatient length of stay), immunizations.
import { useState } from 'react';
import type { PatientChart } from '../api/types.ts';
import { capitalize, daysBetween, fmtDate, fmtEncounterKind, fmtMoney, fmtNumber, orDash } from '../format.ts';
import { Empty, Section, TableWrap } from '../ui/Section.tsx';

const FIRST_FILLS = 25;

export function FillsSection({ chart }: { chart: PatientChart }) {
  const [all, setAll] = useState(false);
  const fills = [...chart.fills].sort((a, b) => b.fillDate.localeCompare(a.fillDate));
  const shown = all ? fills : fills.slice(0, FIRST_FILLS);
  return (
    <Section id="fills" title="Pharmacy fills">
      {fills.length === 0 ? (
        <Empty>No pharmacy fills on record.</Empty>
      ) : (
        <>
          <TableWrap label="Pharmacy fills, newest first">
            <table>
              <caption className="visually-hidden">Pharmacy fills, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Fill date</th>
                  <th scope="col">Drug</th>
                  <th scope="col">NDC</th>
                  <th scope="col" className="num">Days' supply</th>
                  <th scope="col" className="num">Qty</th>
                  <th scope="col" className="num">Cost</th>
                  <th scope="col" className="num">Patient pay</th>
                  <th scope="col">Pharmacy</th>
                  <th scope="col">Prescriber</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((f) => (
                  <tr key={f.id} className={f.claimStatus === 'reversed' ? 'muted-row' : undefined}>
                    <td className="nowrap">{fmtDate(f.fillDate)}</td>
                    <th scope="row">{f.drugName}</th>
                    <td className="mono">{orDash(f.ndc)}</td>
                    <td className="num">{f.daysSupply}</td>
                    <td className="num">{fmtNumber(f.quantity)}</td>
                    <td className="num">{fmtMoney(f.totalCost)}</td>
                    <td className="num">{fmtMoney(f.patientPay)}</td>
                    <td>{orDash(f.pharmacyName)}</td>
                    <td>{orDash(f.prescriberName)}</td>
                    <td>{capitalize(f.claimStatus)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {fills.length > FIRST_FILLS ? (
            <p>
              <button type="button" className="link-button" onClick={() => setAll((a) => !a)}>
                {all ? `Show the newest ${FIRST_FILLS} only` : `Show all ${fills.length} fills`}
              </button>
            </p>
          ) : null}
        </>
      )}
    </Section>
  );
}

export function EncountersSection({ chart }: { chart: PatientChart }) {
  const rows = [...chart.encounters].sort((a, b) => b.startDate.localeCompare(a.startDate));
  return (
    <Section id="encounters" title="Encounters">
      {rows.length === 0 ? (
        <Empty>No encounters on record.</Empty>
      ) : (
        <TableWrap label="Encounters, newest first">
          <table>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col" className="num">Length of stay</th>
                <th scope="col">Facility</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => {
                const los = e.kind === 'inpatient' ? (e.endDate ? daysBetween(e.startDate, e.endDate) : null) : undefined;
                return (
                  <tr key={e.id}>
                    <th scope="row">
                      {e.kind === 'inpatient' || e.kind === 'emergency' ? <strong>{fmtEncounterKind(e.kind)}</strong> : fmtEncounterKind(e.kind)}
                    </th>
                    <td className="nowrap">{fmtDate(e.startDate)}</td>
                    <td className="nowrap">{fmtDate(e.endDate)}</td>
                    <td className="num">{los === undefined ? '' : los === null ? 'Still admitted' : `${los} day${los === 1 ? '' : 's'}`}</td>
                    <td>{orDash(e.facility)}</td>
                    <td>
                      {orDash(e.reason)}
                      {e.reasonCode ? <span className="sub">{e.reasonCode}</span> : null}
                    </td>
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

export function ImmunizationsSection({ chart }: { chart: PatientChart }) {
  const rows = [...chart.immunizations].sort((a, b) => b.administeredDate.localeCompare(a.administeredDate));
  return (
    <Section id="immunizations" title="Immunizations">
      {rows.length === 0 ? (
        <Empty>No immunizations on record.</Empty>
      ) : (
        <TableWrap label="Immunizations, newest first">
          <table>
            <thead>
              <tr>
                <th scope="col">Vaccine</th>
                <th scope="col">CVX</th>
                <th scope="col">Given</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.display}</th>
                  <td className="mono">{i.cvx}</td>
                  <td className="nowrap">{fmtDate(i.administeredDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
