// A description list of label/value pairs, each pair in its own <div> so CSS can lay them out as a grid or a row.
import type { ReactNode } from 'react';

export type Fact = { label: string; value: ReactNode; className?: string };

export function Facts({ className, facts }: { className: string; facts: Fact[] }) {
  return (
    <dl className={className}>
      {facts.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd className={f.className}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
