import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import {
  ConflictError,
  DependencyUnavailableError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableForLegalReasonsError,
  UnprocessableMediaError,
  ValidationError,
} from '../../errors.ts';
import type { ErrorBody } from './error-body.ts';

/** The one place where domain failures become HTTP statuses. */
export function statusFor(error: DomainError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof PaymentRequiredError) return 402;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnprocessableMediaError) return 422;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UnavailableForLegalReasonsError) return 451;
  if (error instanceof DependencyUnavailableError) return 503;
  return 400;
}

export type { ErrorBody } from './error-body.ts';

/** Renders an error as a full HTML page for browser routes; JSON is used for /api and /media. */
export type ErrorPageRenderer = (req: Request, status: number, body: ErrorBody) => string;

/** Told of every unexpected error (answered 500), for the errors log. */
export type UnexpectedErrorListener = (err: unknown, req: Request) => void;

export function createErrorHandler(renderPage: ErrorPageRenderer, onUnexpected?: UnexpectedErrorListener): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const { status, body } = describe(err, req);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.error.code, field: body.error.field }, 'request refused');
    // Domain errors (a 503 for a missing dependency…) are expected answers, not faults to group.
    if (status >= 500 && !(err instanceof DomainError)) onUnexpected?.(err, req);
    if (err instanceof RateLimitedError && err.retryAfterSeconds) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    send(req, res, status, body, renderPage);
  };
}

export function createNotFoundHandler(renderPage: ErrorPageRenderer): RequestHandler {
  return (req, res) => {
    send(req, res, 404, { error: { code: 'not_found', message: `Nothing at ${req.path}` } }, renderPage);
  };
}

function describe(err: unknown, req: Request): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) {
    const issues = err instanceof ValidationError && err.issues.length > 0 ? err.issues : undefined;
    return {
      status: statusFor(err),
      body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...(issues ? { issues } : {}) } },
    };
  }
  // Errors raised by Express' own body parsers carry a status (malformed JSON, too large).
  const status = httpStatusOf(err);
  if (status && status < 500) {
    return { status, body: { error: { code: status === 413 ? 'payload_too_large' : 'bad_request', message: 'The request could not be read', field: 'body' } } };
  }
  // 5xx: details stay in the log, the client gets the request id to quote.
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side', requestId: String(req.id) } } };
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number') return err.status;
  return undefined;
}

function send(req: Request, res: Response, status: number, body: ErrorBody, renderPage: ErrorPageRenderer): void {
  res.status(status);
  if (wantsJson(req)) {
    res.json(body);
    return;
  }
  res.type('html').send(renderPage(req, status, body));
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path.startsWith('/media/') || !req.accepts('html');
}
