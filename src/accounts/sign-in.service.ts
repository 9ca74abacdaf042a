import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import { SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_PER_IP } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import type { Db } from '../db/connect.ts';
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { toAccount, type Account } from './account.ts';
import { findAccountByEmail } from './account.repository.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { SecondFactorService } from './second-factor.service.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is not right';

export interface PasswordSignIn {
  account: Account;
  /** Admins who gave a valid code: the session may open admin pages. */
  secondFactorPassed: boolean;
}

export type SignInService = ReturnType<typeof createSignInService>;

export function createSignInService(deps: {
  db: Db;
  passwords: PasswordHasher;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  securityLog: SecurityLog;
  secondFactor: SecondFactorService;
}) {
  const { db, passwords, rateLimiter, hasher, securityLog, secondFactor } = deps;

  return {
    /**
     * Email + password (+ TOTP for admins who send one). Unknown addresses and wrong passwords
     * get the same answer in about the same time; repeated failures lock the address (known or
     * not) for a while, and the client IP has its own cap.
     */
    async signInWithPassword(input: { email: string; password: string; secondFactorCode?: string | undefined; ip?: string }): Promise<PasswordSignIn> {
      const ipHash = hasher.hashIp(input.ip) ?? 'unknown';
      const emailHash = hasher.hashEmail(input.email);
      const ipState = await rateLimiter.hit(SIGN_IN_PER_IP, ipHash);
      if (!ipState.allowed) {
        // Once per window, not once per refused attempt: a flood must not flood the log too.
        if (ipState.hits === SIGN_IN_PER_IP.limit + 1) await securityLog.record('sign_in.rate_limited', { ip: input.ip });
        throw new RateLimitedError(SIGN_IN_PER_IP.message, ipState.retryAfterSeconds);
      }
      // Counted first, in one atomic upsert, then decided: the 6th of 25 concurrent guesses is refused unevaluated.
      const attempts = await rateLimiter.hit(SIGN_IN_FAILURES_PER_ACCOUNT, emailHash);
      if (!attempts.allowed) throw new RateLimitedError(SIGN_IN_FAILURES_PER_ACCOUNT.message, attempts.retryAfterSeconds);

      const row = await findAccountByEmail(db, input.email);
      const passwordOk = row?.password_hash
        ? await passwords.verify(input.password, row.password_hash)
        : await passwords.spendEquivalentTime(input.password).then(() => false);
      if (!row || !passwordOk) {
        await securityLog.record('sign_in.failed', { accountId: row?.id ?? null, ip: input.ip, details: { reason: 'credentials' } });
        // Logged once, by the failure that uses up the allowance.
        if (attempts.hits === SIGN_IN_FAILURES_PER_ACCOUNT.limit) {
          await securityLog.record('sign_in.locked_out', { accountId: row?.id ?? null, ip: input.ip });
        }
        throw new UnauthenticatedError(WRONG_CREDENTIALS_MESSAGE, 'password');
      }
      // The password was right: the count is about password guesses, whatever happens next.
      await rateLimiter.reset(SIGN_IN_FAILURES_PER_ACCOUNT, emailHash);
      // Only someone who knows the password learns that the address is not confirmed yet.
      if (!row.email_verified_at) {
        throw new ForbiddenError('Confirm your email address first: open the link we sent you, or ask for a new one', 'email');
      }
      const account = toAccount(row);
      let secondFactorPassed = false;
      if (input.secondFactorCode && account.twoFactorEnabled) {
        await secondFactor.verify(account.id, input.secondFactorCode, { ip: input.ip });
        secondFactorPassed = true;
      }
      await securityLog.record('sign_in.succeeded', { accountId: account.id, ip: input.ip, details: { method: 'password', secondFactor: secondFactorPassed } });
      return { account, secondFactorPassed };
    },
  };
}
