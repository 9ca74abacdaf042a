import session, { type SessionData } from 'express-session';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/connect.ts';
import type { Logger } from '../../logger.ts';
import { SESSION_LIFETIME_MS } from '../../auth/session-lifetime.ts';
import { deleteSession, findLiveSession, upsertSession } from '../../auth/session.repository.ts';

/** Just enough structure to trust a stored session; the rest is express-session's and ours. */
const storedSessionSchema = z.looseObject({
  cookie: z.looseObject({ originalMaxAge: z.number().nullable() }),
  passport: z.looseObject({ user: z.string().optional() }).optional(),
});

/**
 * express-session's store in PostgreSQL. Each row carries its account id, so "sign out
 * everywhere" and account deletion are one DELETE; rows older than the 7-day lifetime are
 * treated as gone even before the purge job (src/accounts/compose-accounts.ts) removes them.
 */
export class PostgresSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const now = this.clock.now();
    findLiveSession(this.db, sid, now, new Date(now.getTime() - SESSION_LIFETIME_MS)).then(
      (row) => {
        if (!row) return callback(null, null);
        const parsed = storedSessionSchema.safeParse(row.data);
        if (!parsed.success) {
          this.logger.warn('unreadable session discarded');
          return callback(null, null);
        }
        // express-session rebuilds its Cookie from this object; our schema checked its shape.
        callback(null, parsed.data as unknown as SessionData);
      },
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const now = this.clock.now();
    // The cookie's remaining lifetime, counted on our clock (express-session counts on Date.now()).
    const expiresAt = new Date(now.getTime() + Math.min(data.cookie.maxAge ?? SESSION_LIFETIME_MS, SESSION_LIFETIME_MS));
    const accountId = data.passport?.user ?? null;
    upsertSession(this.db, { sid, accountId, data: JSON.stringify(data), expiresAt, now }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    deleteSession(this.db, sid).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }
}
