// The shell: sign-in gate, app header, routes.
import { useEffect, useRef } from 'react';
import { useAuth, useUser } from './auth/auth.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { capitalize } from './format.ts';
import { PatientChart } from './patients/PatientChart.tsx';
import { PatientSearch } from './patients/PatientSearch.tsx';
import { Link, matchRoute, navigate, useLocation } from './router.tsx';

function AppHeader() {
  const user = useUser();
  const { logout } = useAuth();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Link to="/patients" className="brand">
        OpenMTM
      </Link>
      <nav aria-label="Main">
        <Link to="/patients">Patients</Link>
      </nav>
      <div className="user" data-testid="current-user">
        <span className="user-name">{user.displayName}</span>
        <span className="user-meta">
          {capitalize(user.role)} · {user.orgName}
        </span>
      </div>
      <button type="button" className="logout" onClick={() => void logout()}>
        Log out
      </button>
    </header>
  );
}

function NotFound() {
  useEffect(() => {
    document.title = 'Page not found — OpenMTM';
  }, []);
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/patients">Go to patient search</Link>
      </p>
    </div>
  );
}

export function App() {
  const { state } = useAuth();
  const loc = useLocation();
  const route = matchRoute(loc);
  const mainRef = useRef<HTMLElement | null>(null);

  // Keep the URL honest: signed-out users sit on /login?next=…, signed-in users never see /login or /.
  useEffect(() => {
    if (state.status === 'signedOut' && route.name !== 'login') {
      // After an expired session, come back to the same page; after Log out, start fresh.
      const next = route.name === 'home' || state.reason === 'loggedOut' ? null : loc.href;
      navigate(next ? `/login?next=${encodeURIComponent(next)}` : '/login', { replace: state.reason !== 'loggedOut' });
    } else if (state.status === 'signedIn' && (route.name === 'login' || route.name === 'home')) {
      navigate('/patients', { replace: true });
    }
  }, [state, route.name, loc.href]);

  if (state.status === 'checking') {
    return (
      <p className="boot" role="status">
        Loading OpenMTM…
      </p>
    );
  }

  if (state.status === 'signedOut') {
    const notice =
      state.reason === 'expired' ? 'Your session has ended. Log in again to continue.' : state.reason === 'loggedOut' ? 'You have logged out.' : null;
    const next = route.name === 'login' ? route.next : null;
    return (
      <LoginPage
        notice={notice}
        onSignedIn={() => navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/patients', { replace: true })}
      />
    );
  }

  return (
    <>
      <AppHeader />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {route.name === 'chart' ? (
          // Keyed so a different patient never shows the previous patient's data while loading.
          <PatientChart key={route.patientId} patientId={route.patientId} />
        ) : route.name === 'patients' ? (
          <PatientSearch q={route.q} offset={route.offset} />
        ) : route.name === 'notFound' ? (
          <NotFound />
        ) : null}
      </main>
    </>
  );
}
