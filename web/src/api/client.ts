// The one place the web app talks HTTP. Same-origin JSON with the session cookie; every failure becomes an
// ApiError carrying the server's RFC 9457 problem (title, detail, field errors with JSON pointers).

export type FieldIssue = { pointer: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail || title);
  }

  /** What to tell the user when no field-level message applies. */
  get userMessage(): string {
    if (this.status === 403) return this.detail || 'You do not have permission to do this.';
    return this.detail || this.title || `Request failed (${this.status})`;
  }
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | undefined;

/** The auth layer registers here to hear about a session that ended while the user was working. */
export function setUnauthorizedListener(listener: UnauthorizedListener | undefined): void {
  onUnauthorized = listener;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issuesOf(body: Record<string, unknown>): FieldIssue[] {
  const raw = body['errors'];
  if (!Array.isArray(raw)) return [];
  const out: FieldIssue[] = [];
  for (const e of raw) {
    if (isRecord(e) && typeof e['message'] === 'string')
      out.push({ pointer: typeof e['pointer'] === 'string' ? e['pointer'] : '', message: e['message'] });
  }
  return out;
}

async function problemFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isRecord(body)) {
    const title = typeof body['title'] === 'string' ? body['title'] : res.statusText;
    const detail = typeof body['detail'] === 'string' ? body['detail'] : '';
    return new ApiError(res.status, title, detail, issuesOf(body));
  }
  return new ApiError(res.status, res.statusText || 'Error', `The server answered ${res.status}.`);
}

export type RequestOptions = { signal?: AbortSignal; /** 401 is an expected answer (login, session check). */ quiet401?: boolean };

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'Could not reach the OpenMTM server. Check your connection and try again.');
  }
  if (!res.ok) {
    const err = await problemFrom(res);
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
};

/** Builds `path?k=v&…`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
