// Previous / Page n of m / Next for a paged list (offset and page size as the API takes them).
export function Pager({ offset, pageSize, total, onGo }: { offset: number; pageSize: number; total: number; onGo: (offset: number) => void }) {
  if (total <= pageSize) return null;
  return (
    <nav className="pager" aria-label="Result pages">
      <button type="button" onClick={() => onGo(Math.max(0, offset - pageSize))} disabled={offset === 0}>
        ← Previous
      </button>
      <span>
        Page {Math.floor(offset / pageSize) + 1} of {Math.ceil(total / pageSize)}
      </span>
      <button type="button" onClick={() => onGo(offset + pageSize)} disabled={offset + pageSize >= total}>
        Next →
      </button>
    </nav>
  );
}
