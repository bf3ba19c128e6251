// Minimal history routing: /login, /patients, /patients/:id, /encounters/:id, /audit, /worklist, /calendar, /programs, /population. The server answers unknown paths with index.html.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { readAuditFilters, type AuditFilters } from './audit/filters.ts';
import { readQueueFilters, type QueueFilters } from './worklist/worklistText.ts';

const NAV_EVENT = 'openmtm:navigate';

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(NAV_EVENT, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(NAV_EVENT, cb);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAV_EVENT));
}

export type Location = { pathname: string; params: URLSearchParams; href: string };

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, params: url.searchParams, href };
}

export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'patients'; q: string; offset: number }
  | { name: 'chart'; patientId: string }
  | { name: 'encounter'; encounterId: string }
  | { name: 'audit'; filters: AuditFilters; offset: number }
  | { name: 'worklist'; filters: QueueFilters; offset: number }
  | { name: 'calendar'; week: string; pharmacist: string }
  | { name: 'programs' }
  | { name: 'population' }
  | { name: 'home' }
  | { name: 'notFound' };

export function matchRoute(loc: Location): Route {
  const path = loc.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/login') return { name: 'login', next: loc.params.get('next') };
  if (path === '/patients') {
    const offset = Number(loc.params.get('offset') ?? '0');
    return { name: 'patients', q: loc.params.get('q') ?? '', offset: Number.isInteger(offset) && offset > 0 ? offset : 0 };
  }
  if (path === '/audit') return { name: 'audit', ...readAuditFilters(loc.params) };
  if (path === '/worklist') return { name: 'worklist', ...readQueueFilters(loc.params) };
  if (path === '/calendar') return { name: 'calendar', week: loc.params.get('week') ?? '', pharmacist: loc.params.get('pharmacist') ?? '' };
  if (path === '/programs') return { name: 'programs' };
  if (path === '/population') return { name: 'population' };
  const m = /^\/patients\/([^/]+)$/.exec(path);
  if (m) return { name: 'chart', patientId: decodeURIComponent(m[1]!) };
  const e = /^\/encounters\/([^/]+)$/.exec(path);
  if (e) return { name: 'encounter', encounterId: decodeURIComponent(e[1]!) };
  return { name: 'notFound' };
}

/** An in-app link: a real <a href> (so open-in-new-tab works) that navigates without a page load. */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
