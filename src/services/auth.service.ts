// Login, logout and session lookup. Passwords: scrypt. Tokens: 32 random bytes, stored hashed.
import { createHash, randomBytes } from 'node:crypto';
import { TooManyRequestsError, UnauthorizedError } from '../domain/errors.ts';
import { permissionsOf, type Actor, type Permission, type Role } from '../domain/roles.ts';
import { appendAudit } from '../store/audit.repository.ts';
import {
  clearLoginFailures,
  countLoginFailures,
  extendSession,
  findLiveSession,
  insertSession,
  recordLoginFailure,
  revokeSession,
} from '../store/sessions.repository.ts';
import { findUserByUsername } from '../store/users.repository.ts';
import type { ServiceContext } from './context.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';

export type PublicUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName: string;
  permissions: readonly Permission[];
};

export type Origin = { ip: string; userAgent: string | undefined };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Failures from one address across all usernames before that address is refused (password spraying). */
const IP_FAILURE_FACTOR = 10;

export async function login(
  ctx: ServiceContext,
  username: string,
  password: string,
  origin: Origin,
): Promise<{ token: string; user: PublicUser; expiresAt: Date }> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - ctx.settings.loginWindowMinutes * 60_000);
  const failures = await countLoginFailures(ctx.db, username, origin.ip, since);
  const max = ctx.settings.loginMaxFailures;
  const user = await findUserByUsername(ctx.db, username);
  if (failures.forUser >= max || failures.forIp >= max * IP_FAILURE_FACTOR) {
    const retry = failures.oldest
      ? Math.max(1, Math.ceil((failures.oldest.getTime() + ctx.settings.loginWindowMinutes * 60_000 - now.getTime()) / 1000))
      : ctx.settings.loginWindowMinutes * 60;
    await appendAudit(ctx.db, loginAudit(user ?? null, username, origin, 'denied', { reason: 'rate-limited' }), now);
    throw new TooManyRequestsError('Too many failed logins. Wait before trying again.', retry);
  }
  // Verify against a dummy hash when the user is unknown so timing does not reveal which usernames exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await recordLoginFailure(ctx.db, username, origin.ip, now);
    await appendAudit(ctx.db, loginAudit(user ?? null, username, origin, 'denied', { reason: 'bad-credentials' }), now);
    throw new UnauthorizedError('Wrong username or password');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.settings.sessionMinutes * 60_000);
  await ctx.db.tx(async (q) => {
    await clearLoginFailures(q, username, origin.ip);
    await insertSession(q, { tokenHash: hashToken(token), userId: user.id, orgId: user.orgId, createdAt: now, expiresAt, ip: origin.ip, userAgent: origin.userAgent });
    await appendAudit(q, loginAudit(user, username, origin, 'success', null), now);
  });
  return { token, user: toPublicUser(user), expiresAt };
}

function loginAudit(
  user: { id: string; orgId: string; role: string } | null,
  username: string,
  origin: Origin,
  outcome: 'success' | 'denied',
  detail: Record<string, unknown> | null,
) {
  return {
    orgId: user?.orgId ?? null,
    userId: user?.id ?? null,
    username,
    role: user?.role ?? null,
    action: 'auth.login',
    resourceType: 'session',
    resourceId: null,
    patientId: null,
    outcome,
    ip: origin.ip,
    userAgent: origin.userAgent ?? null,
    detail,
  };
}

function toPublicUser(u: { id: string; username: string; displayName: string; role: Role; orgId: string; orgName: string }): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, orgId: u.orgId, orgName: u.orgName, permissions: permissionsOf(u.role) };
}

/** The actor behind a session token, sliding the idle expiry forward; throws 401 when absent or expired. */
export async function authenticate(ctx: ServiceContext, token: string | undefined, origin: Origin): Promise<{ actor: Actor; user: PublicUser }> {
  if (!token) throw new UnauthorizedError();
  const now = ctx.clock.now();
  const createdAfter = new Date(now.getTime() - ctx.settings.sessionAbsoluteHours * 3_600_000);
  const s = await findLiveSession(ctx.db, hashToken(token), now, createdAfter);
  if (!s) throw new UnauthorizedError('Your session has ended. Log in again.');
  const idleExpiry = new Date(now.getTime() + ctx.settings.sessionMinutes * 60_000);
  // Write at most once a minute per session, not on every request.
  if (idleExpiry.getTime() - new Date(s.expiresAt).getTime() > 60_000) {
    await extendSession(ctx.db, s.sessionId, idleExpiry);
  }
  return {
    actor: { userId: s.userId, orgId: s.orgId, username: s.username, role: s.role, ip: origin.ip, userAgent: origin.userAgent },
    user: toPublicUser({ id: s.userId, username: s.username, displayName: s.displayName, role: s.role, orgId: s.orgId, orgName: s.orgName }),
  };
}

export async function logout(ctx: ServiceContext, token: string | undefined, actor: Actor | undefined): Promise<void> {
  if (!token) return;
  const now = ctx.clock.now();
  await revokeSession(ctx.db, hashToken(token), now);
  if (actor) {
    await appendAudit(ctx.db, { ...loginAudit({ id: actor.userId, orgId: actor.orgId, role: actor.role }, actor.username, actor, 'success', null), action: 'auth.logout' }, now);
  }
}
