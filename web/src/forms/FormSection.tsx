// A chart section with one inline form behind a button in its toolbar, offered only to users with the permission
// the form needs. Saving hands the message to the chart (reload, announce) and then closes the form; focus moves
// as usePanel describes.
import type { ReactNode } from 'react';
import type { Permission } from '../api/types.ts';
import { useCan } from '../auth/auth.tsx';
import { headingId, Section } from '../ui/Section.tsx';
import { usePanel } from './usePanel.ts';

/** What an inline form is given: report a save (the section closes the form afterwards) or cancel. */
export type FormCallbacks = { onSaved: (message: string) => Promise<void>; onCancel: () => void };

export function FormSection({
  id,
  title,
  permission,
  buttonLabel,
  onSaved,
  form,
  children,
}: {
  id: string;
  title: string;
  permission: Permission;
  buttonLabel: string;
  onSaved: (message: string) => Promise<void>;
  form: (callbacks: FormCallbacks) => ReactNode;
  children: ReactNode;
}) {
  const can = useCan();
  const { panel, open, close, panelRef } = usePanel<'open'>(headingId(id));
  const saved = async (message: string) => {
    await onSaved(message);
    close();
  };
  return (
    <Section
      id={id}
      title={title}
      actions={
        can(permission) ? (
          <button type="button" onClick={() => open('open')} aria-expanded={panel === 'open'}>
            {buttonLabel}
          </button>
        ) : null
      }
    >
      <div ref={panelRef}>{panel === 'open' ? form({ onSaved: saved, onCancel: close }) : null}</div>
      {children}
    </Section>
  );
}
