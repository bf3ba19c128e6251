// Who is signed in. Checked once at start (GET /api/auth/me); any later 401 means the session ended.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, setUnauthorizedListener } from '../api/client.ts';
import type { Permission, User } from '../api/types.ts';

type AuthState =
  | { status: 'checking' }
  | { status: 'signedOut'; reason: 'expired' | 'loggedOut' | null }
  | { status: 'signedIn'; user: User };

type AuthApi = {
  state: AuthState;
  /** Signs in and resolves with the user (so the caller can pick the landing page). */
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
};

const AuthContext = createContext<AuthApi | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });

  useEffect(() => {
    const ctl = new AbortController();
    api
      .get<{ user: User }>('/api/auth/me', { signal: ctl.signal, quiet401: true })
      .then((r) => setState({ status: 'signedIn', user: r.user }))
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setState({ status: 'signedOut', reason: null });
      });
    setUnauthorizedListener(() => setState({ status: 'signedOut', reason: 'expired' }));
    return () => {
      ctl.abort();
      setUnauthorizedListener(undefined);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post<{ user: User }>('/api/auth/login', { username, password }, { quiet401: true });
    setState({ status: 'signedIn', user: r.user });
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout', {}, { quiet401: true });
    } catch (e) {
      // Already signed out on the server is fine; anything else is still a local sign-out.
      if (!(e instanceof ApiError)) throw e;
    }
    setState({ status: 'signedOut', reason: 'loggedOut' });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only call below the sign-in gate. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useUser without a signed-in user');
  return state.user;
}

export function useCan(): (permission: Permission) => boolean {
  const user = useUser();
  return (permission) => user.permissions.includes(permission);
}
