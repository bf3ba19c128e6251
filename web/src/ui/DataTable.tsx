// One accessible data table for every list in the app: a named, sideways-scrolling region; a visually hidden
// caption or a visible <h3> that names the table; <th scope="col"> headers; one <th scope="row"> per row; and a
// short message in place of an empty table.
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Empty, TableWrap } from './Section.tsx';

export type Column<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** This column names the row: rendered as <th scope="row">. */
  rowHeader?: boolean;
  /** Right-aligned figures: class `num` on the header and the cells. */
  num?: boolean;
  /** Class of the body cells. */
  className?: string;
};

/** Row attributes other than key and class: click handlers, `data-*`. */
export type RowProps = Omit<ComponentPropsWithoutRef<'tr'>, 'className' | 'children'> & { [data: `data-${string}`]: string | undefined };

const cx = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

export function DataTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowClass,
  rowProps,
  empty,
  caption,
  heading,
  className,
  busy,
  testId,
}: {
  /** Name of the scrolling region. */
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
  rowProps?: (row: T) => RowProps;
  /** Shown instead of the table when there are no rows; without it an empty table is rendered. */
  empty?: ReactNode;
  /** Visually hidden <caption>. */
  caption?: string;
  /** A visible <h3> before the table (and before the empty message) that names it through aria-labelledby. */
  heading?: { id: string; text: ReactNode };
  className?: string;
  busy?: boolean;
  testId?: string;
}) {
  const body =
    rows.length === 0 && empty !== undefined ? (
      <Empty>{empty}</Empty>
    ) : (
      <TableWrap label={label}>
        <table className={className} aria-labelledby={heading?.id} aria-busy={busy} data-testid={testId}>
          {caption ? <caption className="visually-hidden">{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col" className={cx(c.num && 'num')}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)} className={rowClass?.(r)} {...rowProps?.(r)}>
                {columns.map((c, i) => {
                  const cls = cx(c.className, c.num && 'num');
                  return c.rowHeader ? (
                    <th key={i} scope="row" className={cls}>
                      {c.cell(r)}
                    </th>
                  ) : (
                    <td key={i} className={cls}>
                      {c.cell(r)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    );
  if (!heading) return body;
  return (
    <>
      <h3 id={heading.id}>{heading.text}</h3>
      {body}
    </>
  );
}

/** A cell's main text with a smaller second line (`<span class="sub">`) when there is one. */
export function WithSub({ sub, className = 'sub', children }: { sub: ReactNode; className?: string; children: ReactNode }) {
  return (
    <>
      {children}
      {sub ? <span className={className}>{sub}</span> : null}
    </>
  );
}
