import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { login, logout } from '../../services/auth.service.ts';
import type { ServiceContext } from '../../services/context.ts';
import { originOf, requireSession, SESSION_COOKIE } from '../auth-hook.ts';
import { loginBody } from '../schemas.ts';

export function authRoutes(app: FastifyInstance, ctx: ServiceContext, opts: { secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/auth/login', { schema: { tags: ['auth'], summary: 'Log in; sets an httpOnly session cookie', body: loginBody } }, async (req, reply) => {
    const { token, user } = await login(ctx, req.body.username, req.body.password, originOf(req));
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
      path: '/',
      // No maxAge: a browser session cookie; the server enforces idle and absolute expiry.
    });
    return { user };
  });
  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    let actor;
    try {
      await requireSession(ctx)(req, reply);
      actor = req.actor;
    } catch {
      actor = undefined;
    }
    await logout(ctx, req.cookies[SESSION_COOKIE], actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and permissions' }, preHandler: requireSession(ctx) }, async (req) => ({
    user: req.currentUser,
  }));
}
