import type { DescribedError } from './error-fingerprint.ts';

/** Where an unexpected error happened; route templates and request ids only, never URLs. */
export interface ErrorContext {
  origin: 'http' | 'background';
  requestId?: string;
  /** A route template, never a URL. */
  route?: string;
  /** The log message of a background error. */
  context?: string;
}

/** Where unexpected errors go besides PostgreSQL (Sentry, with SENTRY_DSN). */
export interface ErrorForwarder {
  capture(error: unknown, described: DescribedError, context: ErrorContext): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
