// Sign in. Shows the server's own words on 401 (wrong credentials) and 429 (too many attempts).
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { Field } from '../forms/fields.tsx';
import { useAuth } from './auth.tsx';

type Name = 'username' | 'password';

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (user: User) => void }) {
  const { login } = useAuth();
  const [values, setValues] = useState<Record<Name, string>>({ username: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Partial<Record<Name, boolean>>>({});
  const [busy, setBusy] = useState(false);
  const errId = useId();
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
    const username = values.username.trim();
    const m = { username: username === '', password: values.password === '' };
    setMissing(m);
    if (m.username || m.password) {
      (m.username ? userRef : passRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await login(username, values.password));
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : 'Could not log in. Please try again.');
      setValues((v) => ({ ...v, password: '' }));
      setBusy(false);
      // Focus the message so it is read out, then the user can Tab on to the fields.
      requestAnimationFrame(() => errRef.current?.focus());
    }
  };

  /** Typing in a field clears its "missing" message. */
  const control = (name: Name) => ({
    name,
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      setMissing((m) => ({ ...m, [name]: false }));
    },
    required: true,
  });

  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={submit} noValidate aria-describedby={error ? errId : undefined}>
        <h1>Log in to OpenMTM</h1>
        {notice ? <p className="notice">{notice}</p> : null}
        {error ? (
          <p className="form-error" id={errId} role="alert" tabIndex={-1} ref={errRef}>
            {error}
          </p>
        ) : null}
        <Field name="username" label="Username" error={missing.username ? 'Enter your username' : undefined}>
          {(aria) => <input {...aria} {...control('username')} ref={userRef} autoComplete="username" autoCapitalize="none" spellCheck={false} />}
        </Field>
        <Field name="password" label="Password" error={missing.password ? 'Enter your password' : undefined}>
          {(aria) => <input {...aria} {...control('password')} ref={passRef} type="password" autoComplete="current-password" />}
        </Field>
        <button type="submit" className="primary wide-button" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
