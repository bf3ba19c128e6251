// Login sessions and failed-login records. Tokens are stored only as SHA-256 hashes.
import type { Role } from '../domain/roles.ts';
import type { Queryable } from './db.ts';

export type SessionUser = {
  sessionId: string;
  expiresAt: Date;
  userId: string;
  orgId: string;
  orgName: string;
  username: string;
  displayName: string;
  role: Role;
};

export async function insertSession(
  q: Queryable,
  s: { tokenHash: string; userId: string; orgId: string; createdAt: Date; expiresAt: Date; ip: string; userAgent: string | undefined },
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (token_hash, user_id, org_id, created_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.tokenHash, s.userId, s.orgId, s.createdAt, s.expiresAt, s.ip, s.userAgent ?? null],
  );
}

/** The live session for a token hash: not revoked, not idle-expired, started after `createdAfter`, user still active. */
export async function findLiveSession(
  q: Queryable,
  tokenHash: string,
  now: Date,
  createdAfter: Date,
): Promise<SessionUser | undefined> {
  const rows = await q.query<SessionUser>(
    `SELECT s.id AS "sessionId", s.expires_at AS "expiresAt", u.id AS "userId", u.org_id AS "orgId", o.name AS "orgName",
            u.username, u.display_name AS "displayName", u.role
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = u.org_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.created_at > $3 AND u.active`,
    [tokenHash, now, createdAfter],
    { prepare: 'session_live' },
  );
  return rows[0];
}

export async function extendSession(q: Queryable, sessionId: string, expiresAt: Date): Promise<void> {
  await q.query('UPDATE sessions SET expires_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, expiresAt]);
}

export async function revokeSession(q: Queryable, tokenHash: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now]);
}

export async function recordLoginFailure(q: Queryable, username: string, ip: string, now: Date): Promise<void> {
  await q.query('INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)', [username, ip, now]);
}

export async function countLoginFailures(
  q: Queryable,
  username: string,
  ip: string,
  since: Date,
): Promise<{ forUser: number; forIp: number; oldest: Date | null }> {
  const rows = await q.query<{ forUser: number; forIp: number; oldest: Date | null }>(
    `SELECT count(*) FILTER (WHERE username = $1)::int AS "forUser", count(*)::int AS "forIp",
            min(at) FILTER (WHERE username = $1) AS oldest
       FROM login_failures WHERE ip = $2 AND at > $3`,
    [username, ip, since],
  );
  return rows[0]!;
}

export async function clearLoginFailures(q: Queryable, username: string, ip: string): Promise<void> {
  await q.query('DELETE FROM login_failures WHERE username = $1 AND ip = $2', [username, ip]);
}
