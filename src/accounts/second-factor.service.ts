import { SECOND_FACTOR_FAILURES_PER_ACCOUNT } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { AccountRow } from './account-tables.ts';
import type { Db } from '../db/connect.ts';
import { RateLimitedError, UnauthenticatedError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { findAccountById, updateAccount } from './account.repository.ts';
import { consumeRecoveryCode, replaceRecoveryCodes } from './recovery-code.repository.ts';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes.ts';
import type { SecretBox } from './secret-box.ts';
import { newTotpSecret, totpEnrolmentUri, verifyTotp } from './totp.ts';

export interface SecondFactorEnrolment {
  otpauthUri: string;
  recoveryCodes: string[];
}

export type SecondFactorService = ReturnType<typeof createSecondFactorService>;

/** TOTP (otplib) with single-use recovery codes; required for admin sessions. */
export function createSecondFactorService(deps: {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  rateLimiter: RateLimiter;
  securityLog: SecurityLog;
}) {
  const { db, clock, secretBox, rateLimiter, securityLog } = deps;

  /** True when the code is right; consumes a recovery code or advances the replay guard. */
  async function codeMatches(account: AccountRow, code: string): Promise<'totp' | 'recovery' | false> {
    if (!account.totp_secret) return false;
    if (looksLikeRecoveryCode(code)) {
      return (await consumeRecoveryCode(db, account.id, hashRecoveryCode(code), clock.now())) ? 'recovery' : false;
    }
    const lastStep = account.totp_last_step === null ? null : Number(account.totp_last_step);
    const step = await verifyTotp(secretBox.open(account.totp_secret), code, clock.now(), lastStep);
    if (step === null) return false;
    await updateAccount(db, account.id, { totp_last_step: step });
    return 'totp';
  }

  return {
    /** Creates (or replaces) the account's TOTP secret and recovery codes. */
    async enrol(accountId: string, context: { ip?: string } = {}): Promise<SecondFactorEnrolment> {
      const account = await findAccountById(db, accountId);
      if (!account) throw new Error(`No account ${accountId}`);
      const secret = newTotpSecret();
      const recoveryCodes = newRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await updateAccount(trx, accountId, { totp_secret: secretBox.seal(secret), totp_last_step: null });
        await replaceRecoveryCodes(trx, accountId, recoveryCodes.map(hashRecoveryCode));
      });
      await securityLog.record('two_factor.enrolled', { accountId, ip: context.ip });
      return { otpauthUri: totpEnrolmentUri(secret, account.email), recoveryCodes };
    },

    /**
     * Checks a code for the account; throws UnauthenticatedError (field `totp`) when wrong and
     * RateLimitedError after repeated failures.
     */
    async verify(accountId: string, code: string, context: { ip?: string } = {}): Promise<void> {
      // An account id is no personal identifier: it can key the counter as is.
      const subject = accountId;
      // Counted before checking (a success resets it): concurrent wrong codes cannot all be evaluated.
      const attempts = await rateLimiter.hit(SECOND_FACTOR_FAILURES_PER_ACCOUNT, subject);
      if (!attempts.allowed) throw new RateLimitedError(SECOND_FACTOR_FAILURES_PER_ACCOUNT.message, attempts.retryAfterSeconds);
      const account = await findAccountById(db, accountId);
      const match = account ? await codeMatches(account, code) : false;
      if (!match) {
        await securityLog.record('two_factor.failed', { accountId, ip: context.ip });
        throw new UnauthenticatedError('That code is not right; use the current code from your authenticator app', 'totp');
      }
      await rateLimiter.reset(SECOND_FACTOR_FAILURES_PER_ACCOUNT, subject);
      await securityLog.record(match === 'recovery' ? 'two_factor.recovery_code_used' : 'two_factor.passed', { accountId, ip: context.ip });
    },
  };
}
