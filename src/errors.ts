/**
 * Domain errors thrown by services. src/http/middleware/error-handler.ts maps each to an HTTP status;
 * nothing else in the code base decides status codes for domain failures.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    /** The input field at fault, when there is one; shown to the client. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'invalid_input';
  constructor(
    message: string,
    field?: string,
    readonly issues: { field: string; message: string }[] = field ? [{ field, message }] : [],
  ) {
    super(message, field);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Content removed for legal reasons (HTTP 451). */
export class UnavailableForLegalReasonsError extends DomainError {
  readonly code = 'unavailable_for_legal_reasons';
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}

/** Not enough credits for what was asked (HTTP 402). */
export class PaymentRequiredError extends DomainError {
  readonly code = 'payment_required';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

/** The input is not something we can process (not an image, decompression bomb…). */
export class UnprocessableMediaError extends DomainError {
  readonly code = 'unprocessable_media';
}

export class DependencyUnavailableError extends DomainError {
  readonly code = 'dependency_unavailable';
}
