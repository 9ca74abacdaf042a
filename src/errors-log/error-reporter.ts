import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { describeError } from './error-fingerprint.ts';
import { recordErrorOccurrence } from './error-groups.repository.ts';
import { scrubPersonalData } from './scrub.ts';
import type { ErrorForwarder } from './sentry-forwarder.ts';

export interface ErrorContext {
  origin: 'http' | 'background';
  requestId?: string;
  /** A route template, never a URL. */
  route?: string;
  /** The log message of a background error. */
  context?: string;
}

export interface ErrorReporter {
  /** Records an unexpected error (never throws; the write runs in the background). */
  report(error: unknown, context: ErrorContext): void;
  /** Resolves when every report made so far is written (and forwarded). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface ErrorReporterDeps {
  db: Db;
  clock: Clock;
  /** Where a failure to record is told; must not itself report (no loop). */
  logger: Logger;
  projectRoot: string;
  forwarder?: ErrorForwarder;
}

/** Groups unexpected errors in PostgreSQL and, with SENTRY_DSN, forwards them scrubbed. */
export function createErrorReporter({ db, clock, logger, projectRoot, forwarder }: ErrorReporterDeps): ErrorReporter {
  const pending = new Set<Promise<void>>();
  return {
    report(error, context) {
      const described = describeError(error, projectRoot);
      forwarder?.capture(error, described, context);
      const write = recordErrorOccurrence(db, { error: described, ...context, ...(context.context ? { context: scrubPersonalData(context.context) } : {}), at: clock.now() })
        .catch((failure: unknown) => logger.warn({ err: failure, fingerprint: described.fingerprint }, 'an error could not be recorded'))
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async settled() {
      await Promise.all(pending);
      await forwarder?.flush();
    },
    async close() {
      await Promise.all(pending);
      await forwarder?.close();
    },
  };
}
