// The shell: sign-in gate, app header (links by permission), routes (each page checks the permission it needs).
import { useEffect, useRef } from 'react';
import type { User } from './api/types.ts';
import { AuditLog } from './audit/AuditLog.tsx';
import { hasPermission, homePath, mayOpen, NoAccess, pagesFor, routePermission } from './auth/access.tsx';
import { useAuth, useUser } from './auth/auth.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { capitalize } from './format.ts';
import { PatientChart } from './patients/PatientChart.tsx';
import { PatientSearch } from './patients/PatientSearch.tsx';
import { Link, matchRoute, navigate, useLocation } from './router.tsx';
import { EncounterPage } from './encounters/EncounterPage.tsx';
import { CalendarPage } from './worklist/CalendarPage.tsx';
import { ProgramsPage } from './worklist/ProgramsPage.tsx';
import { PopulationPage } from './population/PopulationPage.tsx';
import { WorkQueue } from './worklist/WorkQueue.tsx';

const landingPath = (user: User) => homePath(user) ?? '/patients';

function AppHeader({ pathname }: { pathname: string }) {
  const user = useUser();
  const { logout } = useAuth();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Link to={landingPath(user)} className="brand">
        OpenMTM
      </Link>
      <nav aria-label="Main">
        <ul>
          {pagesFor(user).map((p) => (
            <li key={p.path}>
              <Link to={p.path} aria-current={pathname === p.path || pathname.startsWith(`${p.path}/`) ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
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
  const user = useUser();
  const home = pagesFor(user)[0];
  useEffect(() => {
    document.title = 'Page not found — OpenMTM';
  }, []);
  return (
    <div className="page">
      <h1>Page not found</h1>
      {home ? (
        <p>
          <Link to={home.path}>Go to {home.label.toLowerCase()}</Link>
        </p>
      ) : null}
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
      navigate(landingPath(state.user), { replace: true });
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
        // Back to the page the user was on, if their role may open it; otherwise their first page.
        onSignedIn={(user) => navigate(next && mayOpen(user, next) ? next : landingPath(user), { replace: true })}
      />
    );
  }

  const needed = routePermission(route);
  return (
    <>
      <AppHeader pathname={loc.pathname} />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {needed && !hasPermission(state.user, needed) ? (
          <NoAccess user={state.user} permission={needed} />
        ) : route.name === 'chart' ? (
          // Keyed so a different patient never shows the previous patient's data while loading.
          <PatientChart key={route.patientId} patientId={route.patientId} />
        ) : route.name === 'encounter' ? (
          <EncounterPage key={route.encounterId} encounterId={route.encounterId} />
        ) : route.name === 'patients' ? (
          <PatientSearch q={route.q} offset={route.offset} />
        ) : route.name === 'audit' ? (
          <AuditLog filters={route.filters} offset={route.offset} />
        ) : route.name === 'worklist' ? (
          <WorkQueue filters={route.filters} offset={route.offset} />
        ) : route.name === 'calendar' ? (
          <CalendarPage week={route.week} pharmacist={route.pharmacist} />
        ) : route.name === 'programs' ? (
          <ProgramsPage />
        ) : route.name === 'population' ? (
          <PopulationPage />
        ) : route.name === 'notFound' ? (
          <NotFound />
        ) : null}
      </main>
    </>
  );
}
