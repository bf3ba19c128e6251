// "Something the patient takes that is not listed": the chart's own medication form, offering OTC, herbal and
// supplement sources, sent to the review — which adds it to the chart and confirms it in this reconciliation in one
// step. The server's field errors come back beside the fields; nothing is written when any is refused.
import type { Encounter } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import type { CareTeamMember } from '../api/types.ts';
import { usePanel } from '../forms/usePanel.ts';
import { MedicationForm, SOURCE_OPTIONS, type NewMedicationBody } from '../medications/MedicationForm.tsx';
import { useAnnounce } from '../ui/announce.tsx';
import type { Apply } from './useEncounter.ts';

const REPORTED_SOURCES = SOURCE_OPTIONS.filter((o) => o.value !== 'prescription');

type Props = { encounter: Encounter; careTeam: CareTeamMember[]; busy: boolean; apply: Apply; onAdded: () => Promise<void> };

export function AddReviewMedication({ encounter, careTeam, busy, apply, onAdded }: Props) {
  const { panel, open, close, panelRef } = usePanel<'add'>('enc-recon');
  const announce = useAnnounce();
  const create = async (body: NewMedicationBody) => {
    await apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/medications`, { version: e.version, ...body }), { rethrow: true });
    await onAdded();
    return `Added to the chart and confirmed in this review: ${body.display}`;
  };
  const saved = async (message: string) => {
    announce(message);
    close();
  };
  return (
    <div ref={panelRef}>
      <button type="button" disabled={busy} aria-expanded={panel !== null} onClick={() => open('add')}>
        Add OTC, herbal or supplement
      </button>
      {panel ? (
        <MedicationForm
          patientId={encounter.patientId}
          careTeam={careTeam}
          sourceOptions={REPORTED_SOURCES}
          create={create}
          title="Add a product the patient takes (OTC, herbal, supplement)"
          onSaved={saved}
          onCancel={close}
        />
      ) : null}
    </div>
  );
}
