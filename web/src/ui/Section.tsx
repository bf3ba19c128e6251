// A chart section: a landmark named by its h2, an optional toolbar of actions, and its content.
import type { ReactNode } from 'react';

export const headingId = (sectionId: string) => `${sectionId}-heading`;

export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} className="chart-section" aria-labelledby={headingId(id)}>
      <div className="section-head">
        {/* tabIndex -1: focus lands here when a form closes and its opener is gone. */}
        <h2 id={headingId(id)} tabIndex={-1}>
          {title}
        </h2>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A table that scrolls sideways on narrow screens instead of squeezing columns. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // Focusable so keyboard users can scroll it; named so screen readers announce what it holds.
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
