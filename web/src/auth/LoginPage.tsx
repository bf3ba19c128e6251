// Sign in. Shows the server's own words on 401 (wrong credentials) and 429 (too many attempts).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { useAuth } from './auth.tsx';

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (user: User) => void }) {
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const ids = { user: useId(), pass: useId(), userErr: useId(), passErr: useId(), err: useId() };
  const userRef = useRef<HTMLInputElement | null>(null);
  const passRef = useRef<HTMLInputElement | null>(null);
  const errRef = useRef<HTMLParagraphElement | null>(null);

  useEffect(() => {
    document.title = 'Log in — OpenMTM';
    userRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const m = { username: username.trim() === '', password: password === '' };
    setMissing(m);
    if (m.username || m.password) {
      (m.username ? userRef : passRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : 'Could not log in. Please try again.');
      setPassword('');
      setBusy(false);
      // Focus the message so it is read out, then the user can Tab on to the fields.
      requestAnimationFrame(() => errRef.current?.focus());
    }
  };

  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={submit} noValidate aria-describedby={error ? ids.err : undefined}>
        <h1>Log in to OpenMTM</h1>
        {notice ? <p className="notice">{notice}</p> : null}
        {error ? (
          <p className="form-error" id={ids.err} role="alert" tabIndex={-1} ref={errRef}>
            {error}
          </p>
        ) : null}
        <div className={`field${missing.username ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.user}>Username</label>
          <input
            id={ids.user}
            ref={userRef}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
              setMissing((m) => ({ ...m, username: false }));
            }}
            required
            aria-invalid={missing.username ? true : undefined}
            aria-describedby={missing.username ? ids.userErr : undefined}
          />
          {missing.username ? (
            <p className="field-error" id={ids.userErr}>
              Enter your username
            </p>
          ) : null}
        </div>
        <div className={`field${missing.password ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.pass}>Password</label>
          <input
            id={ids.pass}
            ref={passRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setMissing((m) => ({ ...m, password: false }));
            }}
            required
            aria-invalid={missing.password ? true : undefined}
            aria-describedby={missing.password ? ids.passErr : undefined}
          />
          {missing.password ? (
            <p className="field-error" id={ids.passErr}>
              Enter your password
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary wide-button" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
