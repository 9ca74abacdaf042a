import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import { SIGN_IN_PER_IP } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { deleteSessionsOfAccount } from '../auth/session.repository.ts';
import type { Clock } from '../clock.ts';
import type { AccountRow } from './account-tables.ts';
import type { Db } from '../db/connect.ts';
import { ForbiddenError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { toAccount, type Account } from './account.ts';
import { findAccountByEmail, findAccountByGoogleSubject, insertAccount, updateAccount } from './account.repository.ts';

/** What we use from Google's ID token (validated by the HTTP layer's schema). */
export interface GoogleIdentity {
  subject: string;
  /** Normalised like every stored email. */
  email: string;
  emailVerified: boolean;
}

export type GoogleSignInService = ReturnType<typeof createGoogleSignInService>;

export function createGoogleSignInService(deps: { db: Db; clock: Clock; rateLimiter: RateLimiter; hasher: IdentifierHasher; securityLog: SecurityLog }) {
  const { db, clock, rateLimiter, hasher, securityLog } = deps;

  /**
   * Links Google to the local account with the same address. If that account never confirmed
   * its address, whoever created it did not prove they own it: its password and sessions are
   * dropped (Google just proved ownership), so a squatter's password cannot reach the account.
   */
  async function linkExisting(row: AccountRow, identity: GoogleIdentity, ip: string | undefined): Promise<AccountRow> {
    const linked = await db.transaction().execute(async (trx) => {
      if (!row.email_verified_at) await deleteSessionsOfAccount(trx, row.id);
      return updateAccount(trx, row.id, {
        google_sub: identity.subject,
        ...(row.email_verified_at ? {} : { email_verified_at: clock.now(), password_hash: null }),
      });
    });
    await securityLog.record('account.google_linked', { accountId: row.id, ip, details: { unverifiedPasswordDropped: !row.email_verified_at } });
    return linked ?? row;
  }

  async function findOrCreate(identity: GoogleIdentity, ip: string | undefined): Promise<AccountRow> {
    const bySubject = await findAccountByGoogleSubject(db, identity.subject);
    if (bySubject) return bySubject;
    if (!identity.emailVerified) throw new ForbiddenError('Google has not confirmed this email address, so it cannot be used to sign in');
    const byEmail = await findAccountByEmail(db, identity.email);
    if (byEmail) return linkExisting(byEmail, identity, ip);
    const created = await insertAccount(db, { email: identity.email, google_sub: identity.subject, email_verified_at: clock.now() });
    if (created) {
      await securityLog.record('account.registered', { accountId: created.id, ip, details: { method: 'google' } });
      return created;
    }
    // Someone registered the address between our look-up and insert: link to that account.
    const raced = await findAccountByEmail(db, identity.email);
    if (!raced) throw new Error('account vanished while signing in with Google');
    return linkExisting(raced, identity, ip);
  }

  return {
    async signInWithGoogle(identity: GoogleIdentity, context: { ip?: string } = {}): Promise<Account> {
      await rateLimiter.consume(SIGN_IN_PER_IP, hasher.hashIp(context.ip) ?? 'unknown');
      const row = await findOrCreate(identity, context.ip);
      await securityLog.record('sign_in.succeeded', { accountId: row.id, ip: context.ip, details: { method: 'google' } });
      return toAccount(row);
    },
  };
}
