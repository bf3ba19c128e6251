// Loads one encounter and applies changes: every change sends the version it saw and replaces the encounter with
// the server's answer; a 409 (someone else changed it, or it is signed) reloads and says so.
import { useCallback, useRef, useState } from 'react';
import type { Encounter } from '../../../src/domain/encounters.ts';
import { ApiError } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';

export type Change = (encounter: Encounter) => Promise<Encounter>;
export type Apply = (change: Change, opts?: { rethrow?: boolean }) => Promise<boolean>;

export function useEncounter(encounterId: string) {
  const path = `/api/encounters/${encodeURIComponent(encounterId)}`;
  const { data, error, loading, reload } = useApi<Encounter>(path);
  const [current, setCurrent] = useState<Encounter | undefined>(undefined);
  const [actionError, setActionError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const encounter = current && data && current.version >= data.version ? current : data;
  // Changes made one after another (confirm every medication) must each see the previous answer's version.
  const latest = useRef(encounter);
  latest.current = encounter && latest.current && latest.current.id === encounter.id && latest.current.version > encounter.version ? latest.current : encounter;

  /**
   * Runs one change against the latest version. Errors show at the top of the page, unless `rethrow` is set: then
   * the caller gets them (a form shows field errors beside its fields); a 409 reloads in both cases.
   */
  const apply = useCallback(
    async (change: Change, opts: { rethrow?: boolean } = {}): ReturnType<Apply> => {
      const base = latest.current;
      if (!base) return false;
      setBusy(true);
      setActionError(undefined);
      try {
        const next = await change(base);
        latest.current = next;
        setCurrent(next);
        return true;
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, 'Error', String(e));
        if (!opts.rethrow || err.status === 409) setActionError(err);
        if (err.status === 409) {
          setCurrent(undefined);
          latest.current = undefined;
          await reload();
        }
        if (opts.rethrow) throw err;
        return false;
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );

  return { encounter, path, error, loading, busy, actionError, apply, clearError: () => setActionError(undefined) };
}
