// Medications: active and past tables, with add / edit / stop for users who may write medications.
import type { Medication, PatientChart } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { usePanel } from '../forms/usePanel.ts';
import { capitalize, fmtDate, fmtSource, orDash } from '../format.ts';
import { Empty, headingId, Section, TableWrap } from '../ui/Section.tsx';
import { MedicationForm } from './MedicationForm.tsx';
import { StopMedicationForm } from './StopMedicationForm.tsx';

type Panel = { kind: 'add' } | { kind: 'edit'; med: Medication } | { kind: 'stop'; med: Medication };

const byName = (a: Medication, b: Medication) => a.display.localeCompare(b.display);
const byStopDesc = (a: Medication, b: Medication) => (b.stopDate ?? '').localeCompare(a.stopDate ?? '') || byName(a, b);

export function MedicationsSection({ chart, onSaved }: { chart: PatientChart; onSaved: (m: string) => Promise<void> }) {
  const can = useCan();
  const canWrite = can('medication:write');
  const { panel, open, close, panelRef } = usePanel<Panel>(headingId('medications'));
  const active = chart.medications.filter((m) => m.status === 'active').sort(byName);
  const past = chart.medications.filter((m) => m.status !== 'active').sort(byStopDesc);
  const patientId = chart.patient.id;
  const saved = async (m: string) => {
    await onSaved(m);
    close();
  };

  return (
    <Section
      id="medications"
      title="Medications"
      actions={
        canWrite ? (
          <button type="button" onClick={() => open({ kind: 'add' })} aria-expanded={panel?.kind === 'add'}>
            Add medication
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>
        {panel?.kind === 'add' ? <MedicationForm patientId={patientId} careTeam={chart.careTeam} onSaved={saved} onCancel={close} /> : null}
        {panel?.kind === 'edit' ? (
          <MedicationForm key={panel.med.id} patientId={patientId} medication={panel.med} careTeam={chart.careTeam} onSaved={saved} onCancel={close} />
        ) : null}
        {panel?.kind === 'stop' ? <StopMedicationForm key={panel.med.id} patientId={patientId} medication={panel.med} onSaved={saved} onCancel={close} /> : null}
      </div>

      <h3 id="medications-active">Active ({active.length})</h3>
      {active.length === 0 ? (
        <Empty>No active medications recorded.</Empty>
      ) : (
        <TableWrap label="Active medications">
          <table aria-labelledby="medications-active" data-testid="active-medications">
            <thead>
              <tr>
                <th scope="col">Drug</th>
                <th scope="col">Source</th>
                <th scope="col">Sig</th>
                <th scope="col">Indication</th>
                <th scope="col">Prescriber</th>
                <th scope="col">Start</th>
                <th scope="col">Recorded from</th>
                {canWrite ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {active.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="drug">
                    {m.display}
                    {m.rxcui ? <span className="sub">RxCUI {m.rxcui}</span> : null}
                  </th>
                  <td>
                    <span className={`tag tag-${m.source}`}>{fmtSource(m.source)}</span>
                  </td>
                  <td>{orDash(m.sig)}</td>
                  <td>{orDash(m.indication)}</td>
                  <td>{m.prescriber ? m.prescriber.name : '—'}</td>
                  <td className="nowrap">
                    {fmtDate(m.startDate)}
                    {m.stopDate ? <span className="sub">Stops {fmtDate(m.stopDate)}</span> : null}
                  </td>
                  <td>{capitalize(m.recordedFrom)}</td>
                  {canWrite ? (
                    <td className="row-actions">
                      <button type="button" className="small" onClick={() => open({ kind: 'edit', med: m })} aria-label={`Edit ${m.display}`}>
                        Edit
                      </button>
                      <button type="button" className="small" onClick={() => open({ kind: 'stop', med: m })} aria-label={`Stop ${m.display}`}>
                        Stop
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h3 id="medications-past">Past ({past.length})</h3>
      {past.length === 0 ? (
        <Empty>No past medications recorded.</Empty>
      ) : (
        <TableWrap label="Past medications">
          <table aria-labelledby="medications-past" data-testid="past-medications">
            <thead>
              <tr>
                <th scope="col">Drug</th>
                <th scope="col">Source</th>
                <th scope="col">Sig</th>
                <th scope="col">Indication</th>
                <th scope="col">Prescriber</th>
                <th scope="col">Start</th>
                <th scope="col">Stop</th>
                <th scope="col">Reason stopped</th>
                <th scope="col">Recorded from</th>
              </tr>
            </thead>
            <tbody>
              {past.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="drug">
                    {m.display}
                    {m.rxcui ? <span className="sub">RxCUI {m.rxcui}</span> : null}
                  </th>
                  <td>
                    <span className={`tag tag-${m.source}`}>{fmtSource(m.source)}</span>
                  </td>
                  <td>{orDash(m.sig)}</td>
                  <td>{orDash(m.indication)}</td>
                  <td>{m.prescriber ? m.prescriber.name : '—'}</td>
                  <td className="nowrap">{fmtDate(m.startDate)}</td>
                  <td className="nowrap">{fmtDate(m.stopDate)}</td>
                  <td>{orDash(m.stopReason)}</td>
                  <td>{capitalize(m.recordedFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
