// Conditions and allergies, each with its add form for users allowed to write them.
import type { Condition, PatientChart } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { usePanel } from '../forms/usePanel.ts';
import { capitalize, fmtCodeSystem, fmtDate, orDash } from '../format.ts';
import { Empty, headingId, Section, TableWrap } from '../ui/Section.tsx';
import { AllergyForm } from './AllergyForm.tsx';
import { ConditionForm } from './ConditionForm.tsx';

type Props = { chart: PatientChart; onSaved: (m: string) => Promise<void> };

const STATUS_ORDER: Record<string, number> = { active: 0, inactive: 1, resolved: 2 };
const conditionOrder = (a: Condition, b: Condition) =>
  (STATUS_ORDER[a.clinicalStatus] ?? 3) - (STATUS_ORDER[b.clinicalStatus] ?? 3) || a.display.localeCompare(b.display);

export function ConditionsSection({ chart, onSaved }: Props) {
  const can = useCan();
  const { panel, open, close, panelRef } = usePanel<'add'>(headingId('conditions'));
  const rows = [...chart.conditions].sort(conditionOrder);
  return (
    <Section
      id="conditions"
      title="Conditions"
      actions={
        can('clinical:write') ? (
          <button type="button" onClick={() => open('add')} aria-expanded={panel === 'add'}>
            Add condition
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>
        {panel === 'add' ? (
          <ConditionForm
            patientId={chart.patient.id}
            onSaved={async (m) => {
              await onSaved(m);
              close();
            }}
            onCancel={close}
          />
        ) : null}
      </div>
      {rows.length === 0 ? (
        <Empty>No conditions recorded.</Empty>
      ) : (
        <TableWrap label="Conditions">
          <table>
            <thead>
              <tr>
                <th scope="col">Condition</th>
                <th scope="col">Code</th>
                <th scope="col">Onset</th>
                <th scope="col">Resolved</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className={c.clinicalStatus === 'active' ? undefined : 'muted-row'}>
                  <th scope="row">{c.display}</th>
                  <td className="nowrap">
                    <span className="sub-inline">{fmtCodeSystem(c.codeSystem)}</span> {c.code}
                  </td>
                  <td className="nowrap">{fmtDate(c.onsetDate)}</td>
                  <td className="nowrap">{fmtDate(c.abatementDate)}</td>
                  <td>{capitalize(c.clinicalStatus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}

export function AllergiesSection({ chart, onSaved }: Props) {
  const can = useCan();
  const { panel, open, close, panelRef } = usePanel<'add'>(headingId('allergies'));
  return (
    <Section
      id="allergies"
      title="Allergies and intolerances"
      actions={
        can('allergy:write') ? (
          <button type="button" onClick={() => open('add')} aria-expanded={panel === 'add'}>
            Add allergy
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>
        {panel === 'add' ? (
          <AllergyForm
            patientId={chart.patient.id}
            onSaved={async (m) => {
              await onSaved(m);
              close();
            }}
            onCancel={close}
          />
        ) : null}
      </div>
      {chart.allergies.length === 0 ? (
        <Empty>No allergies or intolerances recorded. Ask the patient and record “no known allergies” in the review.</Empty>
      ) : (
        <TableWrap label="Allergies and intolerances">
          <table>
            <thead>
              <tr>
                <th scope="col">Substance</th>
                <th scope="col">Kind</th>
                <th scope="col">Reaction</th>
                <th scope="col">Severity</th>
                <th scope="col">Recorded</th>
              </tr>
            </thead>
            <tbody>
              {chart.allergies.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.substance}
                    {a.substanceRxcui ? <span className="sub">RxCUI {a.substanceRxcui}</span> : null}
                  </th>
                  <td>{capitalize(a.kind)}</td>
                  <td>{orDash(a.reaction)}</td>
                  <td>{a.severity === 'severe' ? <strong className="severe">Severe</strong> : capitalize(a.severity)}</td>
                  <td className="nowrap">{fmtDate(a.recordedDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
