/** Errors a handler throws to get the matching page: the error handler renders them. */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(message = 'Page not found') {
    super(message);
  }
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(message = 'You do not have access to this page') {
    super(message);
  }
}

/** An action not allowed in the record's current state. */
export class ConflictError extends Error {
  readonly statusCode = 409;
}
