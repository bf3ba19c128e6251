// SQL helpers shared by the worklist repositories (programs, work items, outreach, appointments).

/** A timestamptz column as an ISO 8601 UTC string. */
export const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** The name of the unique constraint or index a unique violation broke, or undefined for any other error. */
export function violatedUnique(err: unknown): string | undefined {
  if (!isUniqueViolation(err)) return undefined;
  const c = (err as { constraint?: unknown }).constraint;
  return typeof c === 'string' ? c : '';
}
