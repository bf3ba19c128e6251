// Audit log filters as they live in the URL (/audit?patientId=…&action=…&offset=…), so Back, reload and shared
// links return to the same results. Names are the API's query parameters (GET /api/audit).
import { withQuery } from '../api/client.ts';

export const FILTER_KEYS = ['patientId', 'userId', 'action', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type AuditFilters = Record<FilterKey, string>;

export const PAGE_SIZE = 50;

export const NO_FILTERS: AuditFilters = { patientId: '', userId: '', action: '', from: '', to: '' };

export function readAuditFilters(params: URLSearchParams): { filters: AuditFilters; offset: number } {
  const filters = { ...NO_FILTERS };
  for (const k of FILTER_KEYS) filters[k] = (params.get(k) ?? '').trim();
  const offset = Number(params.get('offset') ?? '0');
  return { filters, offset: Number.isInteger(offset) && offset > 0 ? offset : 0 };
}

export const auditHref = (f: AuditFilters, offset: number) => withQuery('/audit', { ...f, offset: offset > 0 ? offset : undefined });

export const auditApiPath = (f: AuditFilters, offset: number) => withQuery('/api/audit', { ...f, limit: PAGE_SIZE, offset });

export const hasFilters = (f: AuditFilters) => FILTER_KEYS.some((k) => f[k] !== '');

/** A group of the filter's action options, each shown as `name — what it records`. */
const actions = (label: string, described: Record<string, string>) => ({
  label,
  options: Object.entries(described).map(([value, what]) => ({ value, label: `${value} — ${what}` })),
});

/** The actions the services write, grouped for the filter's select; any other name can still be typed. */
export const ACTION_GROUPS: { label: string; options: { value: string; label: string }[] }[] = [
  actions('Patient records', {
    'patient.read': 'chart opened',
    'patient.search': 'patients searched',
    'prescriber.search': 'prescribers listed',
  }),
  actions('Medications', {
    'medication.create': 'added',
    'medication.update': 'edited',
    'medication.stop': 'stopped',
    'medication-list.sign': 'list signed',
  }),
  actions('Clinical', {
    'condition.create': 'condition added',
    'allergy.create': 'allergy added',
    'observation.create': 'lab or vital added',
  }),
  actions('Sessions and audit', {
    'auth.login': 'log in (and failed attempts)',
    'auth.logout': 'log out',
    'audit.search': 'audit log queried',
  }),
];

export const KNOWN_ACTIONS = new Set(ACTION_GROUPS.flatMap((g) => g.options.map((o) => o.value)));
