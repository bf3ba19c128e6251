// Medication list signatures: who attested the list and when; the Sign button only for those who may sign.
import type { PatientChart } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { usePanel } from '../forms/usePanel.ts';
import { fmtDateTime, orDash } from '../format.ts';
import { Empty, headingId, Section, TableWrap } from '../ui/Section.tsx';
import { SignListForm } from './SignListForm.tsx';

export function SignaturesSection({ chart, onSaved }: { chart: PatientChart; onSaved: (m: string) => Promise<void> }) {
  const can = useCan();
  const { panel, open, close, panelRef } = usePanel<'sign'>(headingId('signatures'));
  const rows = [...chart.signatures].sort((a, b) => b.signedAt.localeCompare(a.signedAt));
  const activeCount = chart.medications.filter((m) => m.status === 'active').length;
  return (
    <Section
      id="signatures"
      title="Medication list signatures"
      actions={
        can('medication-list:sign') ? (
          <button type="button" onClick={() => open('sign')} aria-expanded={panel === 'sign'}>
            Sign medication list
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>
        {panel === 'sign' ? (
          <SignListForm
            patientId={chart.patient.id}
            activeCount={activeCount}
            onSaved={async (m) => {
              await onSaved(m);
              close();
            }}
            onCancel={close}
          />
        ) : null}
      </div>
      {rows.length === 0 ? (
        <Empty>The medication list has not been signed yet.</Empty>
      ) : (
        <TableWrap label="Medication list signatures">
          <table>
            <thead>
              <tr>
                <th scope="col">Signed</th>
                <th scope="col">By</th>
                <th scope="col" className="num">Active medications</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="nowrap">
                    {fmtDateTime(s.signedAt)}
                  </th>
                  <td>{s.signedBy}</td>
                  <td className="num">{s.activeMedicationCount}</td>
                  <td>{orDash(s.note)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
