// SQL helpers shared by the worklist repositories (programs, work items, outreach, appointments).

/** A timestamptz column as an ISO 8601 UTC string. */
export const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
