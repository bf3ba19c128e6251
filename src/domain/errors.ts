// One error vocabulary for the whole product; the API maps it to RFC 9457 problem+json in one place.

export type FieldIssue = { pointer: string; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(422, 'Invalid input', message, issues);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'Not found', `${what} was not found`);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Log in first') {
    super(401, 'Not authenticated', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}
/** `issues` locate the conflict when a field causes it (a name already taken), so a form can show it there. */
export class ConflictError extends AppError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(409, 'Conflict', message, issues);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'Too many requests', message);
  }
}
