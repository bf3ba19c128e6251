// Resolves the session cookie to an Actor for routes that need one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/roles.ts';
import { authenticate, type Origin, type PublicUser } from '../services/auth.service.ts';
import type { ServiceContext } from '../services/context.ts';

export const SESSION_COOKIE = 'openmtm_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    currentUser: PublicUser;
  }
}

export function originOf(req: FastifyRequest): Origin {
  return { ip: req.ip, userAgent: req.headers['user-agent'] };
}

export function requireSession(ctx: ServiceContext) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const { actor, user } = await authenticate(ctx, req.cookies[SESSION_COOKIE], originOf(req));
    req.actor = actor;
    req.currentUser = user;
  };
}
