import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { describeError } from './error-fingerprint.ts';
import { recordErrorOccurrences, type ErrorOccurrence } from './error-groups.repository.ts';
import type { ErrorContext, ErrorForwarder } from './error-forwarder.ts';
import { scrubPersonalData } from './scrub.ts';

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

/**
 * Groups unexpected errors in PostgreSQL and, with SENTRY_DSN, forwards them scrubbed. At most
 * one write per group is in flight: occurrences meanwhile are added up and written next, so an
 * error storm (the database itself failing) costs one pending write per group, not per error.
 */
export function createErrorReporter({ db, clock, logger, projectRoot, forwarder }: ErrorReporterDeps): ErrorReporter {
  const waiting = new Map<string, { times: number; latest: ErrorOccurrence }>();
  const writes = new Set<Promise<void>>();

  async function writeGroup(fingerprint: string): Promise<void> {
    for (let next = waiting.get(fingerprint); next && next.times > 0; next = waiting.get(fingerprint)) {
      const { times, latest } = next;
      next.times = 0;
      await recordErrorOccurrences(db, latest, times).catch((failure: unknown) => logger.warn({ err: failure, fingerprint }, 'an error could not be recorded'));
    }
    waiting.delete(fingerprint);
  }

  return {
    report(error, context) {
      const described = describeError(error, projectRoot);
      forwarder?.capture(error, described, context);
      const occurrence: ErrorOccurrence = { error: described, ...context, ...(context.context ? { context: scrubPersonalData(context.context) } : {}), at: clock.now() };
      const pending = waiting.get(described.fingerprint);
      if (pending) {
        pending.times += 1;
        pending.latest = occurrence;
        return;
      }
      waiting.set(described.fingerprint, { times: 1, latest: occurrence });
      const write = writeGroup(described.fingerprint).finally(() => writes.delete(write));
      writes.add(write);
    },
    async settled() {
      await Promise.all(writes);
      await forwarder?.flush();
    },
    async close() {
      await Promise.all(writes);
      await forwarder?.close();
    },
  };
}
