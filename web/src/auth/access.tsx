// Which pages a role may use: the header shows only those, sign-in lands on the first one, and any other page
// explains itself instead of failing. The server enforces the same permissions regardless.
import { useEffect } from 'react';
import type { Permission, User } from '../api/types.ts';
import { capitalize } from '../format.ts';
import { Link, matchRoute, type Route } from '../router.tsx';

/** The app's top-level pages, in header (and landing) order. */
export const PAGES: { path: string; label: string; permission: Permission; what: string }[] = [
  { path: '/patients', label: 'Patients', permission: 'patient:read', what: 'patient records' },
  { path: '/worklist', label: 'Work queue', permission: 'worklist:read', what: 'the MTM work queue' },
  { path: '/calendar', label: 'Calendar', permission: 'worklist:read', what: 'pharmacist calendars' },
  { path: '/programs', label: 'Programs', permission: 'program:manage', what: 'MTM program setup' },
  { path: '/population', label: 'Population', permission: 'population:read', what: 'population measures' },
  { path: '/audit', label: 'Audit log', permission: 'audit:read', what: 'the audit log' },
];

export const hasPermission = (user: User, p: Permission) => user.permissions.includes(p);

export const pagesFor = (user: User) => PAGES.filter((p) => hasPermission(user, p.permission));

/** Where a user starts: the first page their role may use (null when there is none). */
export const homePath = (user: User): string | null => pagesFor(user)[0]?.path ?? null;

/** The permission a route needs, or null when any signed-in user may see it. */
export function routePermission(route: Route): Permission | null {
  switch (route.name) {
    case 'patients':
    case 'chart':
    case 'encounter':
      return 'patient:read';
    case 'audit':
      return 'audit:read';
    case 'worklist':
    case 'calendar':
      return 'worklist:read';
    case 'programs':
      return 'program:manage';
    case 'population':
      return 'population:read';
    default:
      return null;
  }
}

/** Whether `href` (a same-origin path from ?next=) is a page this user may open. */
export function mayOpen(user: User, href: string): boolean {
  if (!href.startsWith('/') || href.startsWith('//')) return false;
  const url = new URL(href, window.location.origin);
  const route = matchRoute({ pathname: url.pathname, params: url.searchParams, href });
  if (route.name === 'login' || route.name === 'home' || route.name === 'notFound') return false;
  const need = routePermission(route);
  return need === null || hasPermission(user, need);
}

/** Shown in place of a page the user's role may not use. */
export function NoAccess({ user, permission }: { user: User; permission: Permission }) {
  const page = PAGES.find((p) => p.permission === permission);
  const what = page?.what ?? 'this page';
  const home = pagesFor(user)[0];
  useEffect(() => {
    document.title = 'No access — OpenMTM';
  }, []);
  return (
    <div className="page">
      <h1>No access to {what}</h1>
      <p className="form-error" role="alert" data-testid="no-access">
        Your role ({capitalize(user.role)}) does not include access to {what}.
      </p>
      <p>
        {home ? (
          <Link to={home.path}>Go to {home.label.toLowerCase()}</Link>
        ) : (
          'Your role has no pages in this app. Ask an administrator if you need access.'
        )}
      </p>
    </div>
  );
}
