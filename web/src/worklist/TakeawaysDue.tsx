// Above the queue: signed CMRs whose takeaway has not been sent, with the 14-day due date — overdue in red, due
// within 3 days flagged — so the written summary is never late.
import { useApi } from '../api/useApi.ts';
import { daysBetween, fmtDate, todayIso } from '../format.ts';
import { Link } from '../router.tsx';

type Due = { encounterId: string; patientId: string; patientName: string; signedAt: string; dueDate: string };

export function TakeawaysDue() {
  const { data } = useApi<{ items: Due[] }>('/api/takeaways-due');
  if (!data || data.items.length === 0) return null;
  const today = todayIso();
  return (
    <section className="wq-takeaways" aria-labelledby="wq-takeaways-h">
      <h2 id="wq-takeaways-h">Takeaways to send ({data.items.length})</h2>
      <ul>
        {data.items.map((d) => {
          const left = daysBetween(today, d.dueDate);
          return (
            <li key={d.encounterId} className={left < 0 ? 'form-error' : left <= 3 ? 'wq-soon' : undefined}>
              <Link to={`/encounters/${d.encounterId}`}>{d.patientName}</Link> — CMR signed {fmtDate(d.signedAt.slice(0, 10))}; send by {fmtDate(d.dueDate)}
              {left < 0 ? ` (${-left} days overdue)` : left === 0 ? ' (due today)' : ` (${left} days left)`}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
