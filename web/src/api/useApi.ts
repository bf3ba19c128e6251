// A small data hook: GET a path, keep the last good data while reloading, ignore answers to stale requests.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './client.ts';

export type ApiState<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again; resolves when the new data (or error) is in. */
  reload: () => Promise<void>;
};

export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const seq = useRef(0);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      if (path === null) return;
      const mine = ++seq.current;
      setLoading(true);
      try {
        const next = await api.get<T>(path, signal ? { signal } : {});
        if (mine !== seq.current) return;
        setData(next);
        setError(undefined);
      } catch (e) {
        if (mine !== seq.current || (e instanceof DOMException && e.name === 'AbortError')) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'Error', String(e)));
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    },
    [path],
  );

  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    return () => ctl.abort();
  }, [load]);

  const reload = useCallback(() => load(), [load]);
  return { data, error, loading, reload };
}
