// Time spent per activity: a running timer (start, then stop to record the minutes) and manual entry.
import { useEffect, useId, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { TIME_ACTIVITIES } from '../../../src/domain/encounters.ts';
import { api } from '../api/client.ts';
import { ACTIVITY_LABEL } from './encounterText.ts';
import type { Change } from './useEncounter.ts';

type Activity = (typeof TIME_ACTIVITIES)[number];
type Props = { encounter: Encounter; locked: boolean; busy: boolean; apply: (c: Change) => Promise<boolean> };

export function TimePanel({ encounter, locked, busy, apply }: Props) {
  const id = useId();
  const [activity, setActivity] = useState<Activity>('interview');
  const [minutes, setMinutes] = useState('');
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [startedAt]);
  const log = (m: number) => apply((e) => api.post<Encounter>(`/api/encounters/${e.id}/time`, { version: e.version, activity, minutes: m }));
  const elapsed = startedAt === null ? 0 : Math.floor((now - startedAt) / 1000);
  const byActivity = TIME_ACTIVITIES.map((a) => [a, encounter.time.filter((t) => t.activity === a).reduce((s, t) => s + t.minutes, 0)] as const);
  return (
    <section className="chart-section" aria-labelledby="enc-time">
      <h2 id="enc-time">Time</h2>
      <p>
        Total <strong data-testid="total-minutes">{encounter.totalMinutes}</strong> minutes
        {byActivity.filter(([, m]) => m > 0).map(([a, m]) => ` · ${ACTIVITY_LABEL[a]} ${m}`).join('')}
      </p>
      {!locked ? (
        <form
          className="enc-inline-form"
          aria-label="Log time"
          onSubmit={(ev) => {
            ev.preventDefault();
            const m = Number(minutes);
            if (Number.isInteger(m) && m > 0) void log(m).then((ok) => ok && setMinutes(''));
          }}
        >
          <label htmlFor={`${id}-act`}>Activity</label>
          <select id={`${id}-act`} value={activity} onChange={(ev) => setActivity(ev.target.value as Activity)}>
            {TIME_ACTIVITIES.map((a) => <option key={a} value={a}>{ACTIVITY_LABEL[a]}</option>)}
          </select>
          <label htmlFor={`${id}-min`}>Minutes</label>
          <input id={`${id}-min`} inputMode="numeric" pattern="[0-9]*" size={4} value={minutes} onChange={(ev) => setMinutes(ev.target.value)} />
          <button type="submit" disabled={busy}>Add time</button>
          {startedAt === null ? (
            <button type="button" onClick={() => { setStartedAt(Date.now()); setNow(Date.now()); }}>Start timer</button>
          ) : (
            <button type="button" onClick={() => { const m = Math.max(1, Math.round(elapsed / 60)); setStartedAt(null); void log(m); }}>
              Stop timer ({Math.floor(elapsed / 60)}:{String(elapsed % 60).padStart(2, '0')})
            </button>
          )}
        </form>
      ) : null}
    </section>
  );
}
