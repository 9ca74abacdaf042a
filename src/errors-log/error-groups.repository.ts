import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { DescribedError } from './error-fingerprint.ts';

export interface ErrorOccurrence {
  error: DescribedError;
  origin: 'http' | 'background';
  requestId?: string;
  route?: string;
  context?: string;
  at: Date;
}

/** `times` more occurrences of a group (created on its first); the latest one becomes the sample. */
export async function recordErrorOccurrences(db: Db, occurrence: ErrorOccurrence, times: number): Promise<void> {
  const sample = {
    sample_stack: occurrence.error.stack,
    sample_request_id: occurrence.requestId ?? null,
    sample_route: occurrence.route ?? null,
    sample_context: occurrence.context ?? null,
  };
  await db
    .insertInto('error_groups')
    .values({
      fingerprint: occurrence.error.fingerprint,
      error_type: occurrence.error.type,
      message: occurrence.error.message,
      origin: occurrence.origin,
      occurrences: String(times),
      first_seen_at: occurrence.at,
      last_seen_at: occurrence.at,
      ...sample,
    })
    .onConflict((conflict) =>
      conflict.column('fingerprint').doUpdateSet({
        occurrences: sql<string>`error_groups.occurrences + ${times}`,
        last_seen_at: occurrence.at,
        message: occurrence.error.message,
        ...sample,
      }),
    )
    .execute();
}

/** The groups seen most recently first, for /admin/errors. */
export async function listRecentErrorGroups(db: Db, limit: number) {
  return db.selectFrom('error_groups').selectAll().orderBy('last_seen_at', 'desc').limit(limit).execute();
}

export type ErrorGroupRow = Awaited<ReturnType<typeof listRecentErrorGroups>>[number];
