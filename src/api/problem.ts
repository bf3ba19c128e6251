// The one place errors become HTTP responses: RFC 9457 application/problem+json, with pointers to bad fields.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, TooManyRequestsError, type FieldIssue } from '../domain/errors.ts';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: (FieldIssue & { in?: string })[];
};

const PROBLEM_TYPE = 'https://openmtm.org/problems/';

const CLIENT_ERROR_TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
};

function send(reply: FastifyReply, req: FastifyRequest, p: Omit<Problem, 'instance'>) {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ ...p, instance: req.url.split('?')[0] });
}

export function problemErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const errors = err.validation.map((v) => ({
      pointer: v.instancePath || '/',
      message: v.message ?? 'invalid',
      in: where,
    }));
    const first = errors[0];
    return send(reply, req, {
      type: `${PROBLEM_TYPE}validation`,
      title: 'Invalid input',
      status: 422,
      detail: first ? `${where} ${first.pointer}: ${first.message}` : 'The request is not valid',
      errors,
    });
  }
  if (err instanceof AppError) {
    if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
    return send(reply, req, {
      type: `${PROBLEM_TYPE}${err.title.toLowerCase().replace(/\s+/g, '-')}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      ...(err.issues.length ? { errors: err.issues.map((i) => ({ ...i, in: 'body' })) } : {}),
    });
  }
  // Fastify's own client errors: malformed JSON, body too large, wrong content type.
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    const title = CLIENT_ERROR_TITLES[status] ?? 'Bad request';
    return send(reply, req, { type: `${PROBLEM_TYPE}${title.toLowerCase().replace(/\s+/g, '-')}`, title, status, detail: err.message });
  }
  req.log.error({ err }, 'unhandled error');
  return send(reply, req, { type: `${PROBLEM_TYPE}internal`, title: 'Internal error', status: 500, detail: 'Something went wrong on our side; it has been logged.' });
}
