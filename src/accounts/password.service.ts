import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import { EMAIL_LINK_REQUESTS_PER_IP, PASSWORD_RESET_PER_IP, SIGN_IN_FAILURES_PER_ACCOUNT } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { deleteSessionsOfAccount } from '../auth/session.repository.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { UnauthenticatedError, ValidationError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import type { AccountMailService } from './account-mail.service.ts';
import { findAccountByEmail, findAccountById, updateAccount } from './account.repository.ts';
import { consumeAccountToken, findLiveAccountToken } from './account-token.repository.ts';
import type { BackgroundTasks } from './background-tasks.ts';
import type { CurrentPasswordCheck } from './current-password-check.ts';
import { hashEmailedToken } from './emailed-token.ts';
import type { PasswordHasher } from './password-hasher.ts';

export type PasswordService = ReturnType<typeof createPasswordService>;

export function createPasswordService(deps: {
  db: Db;
  clock: Clock;
  passwords: PasswordHasher;
  currentPassword: CurrentPasswordCheck;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  securityLog: SecurityLog;
  accountMail: AccountMailService;
  background: BackgroundTasks;
}) {
  const { db, clock, passwords, currentPassword, rateLimiter, hasher, securityLog, accountMail, background } = deps;
  const expiredLink = () => new ValidationError('This link has expired or was already used; ask for a new one', 'token');

  return {
    /** True when the account has a password and this is it (re-authentication before deletion). */
    async isCurrentPassword(accountId: string, password: string): Promise<boolean> {
      const account = await findAccountById(db, accountId);
      return account?.password_hash ? currentPassword.matches(account.id, password, account.password_hash) : false;
    },

    /**
     * Changes the password (or sets a first one on a Google-only account, which then has no
     * current password to give) and signs out every other session.
     */
    async changePassword(input: { accountId: string; currentPassword?: string | undefined; newPassword: string; keepSessionId?: string; ip?: string }): Promise<void> {
      const account = await findAccountById(db, input.accountId);
      if (!account) throw new UnauthenticatedError('Sign in again');
      if (account.password_hash) {
        const ok = input.currentPassword !== undefined && (await currentPassword.matches(account.id, input.currentPassword, account.password_hash));
        if (!ok) throw new ValidationError('Your current password is not right', 'currentPassword');
      }
      const passwordHash = await passwords.hash(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await updateAccount(trx, account.id, { password_hash: passwordHash });
        await deleteSessionsOfAccount(trx, account.id, input.keepSessionId);
      });
      await securityLog.record('password.changed', { accountId: account.id, ip: input.ip });
      await accountMail.sendPasswordChanged(account);
    },

    /**
     * Mails a reset link if the address has an account; the answer is the same either way, and
     * as fast: the look-up and the mail happen after the answer, off the request path.
     */
    async requestReset(input: { email: string; ip?: string }): Promise<void> {
      await rateLimiter.consume(EMAIL_LINK_REQUESTS_PER_IP, hasher.hashIp(input.ip) ?? 'unknown');
      background.run('password-reset-mail', async () => {
        const account = await findAccountByEmail(db, input.email);
        if (!account) return;
        await securityLog.record('password.reset_requested', { accountId: account.id, ip: input.ip });
        await accountMail.sendPasswordReset(account);
      });
    },

    /**
     * Uses a reset link: sets the password, confirms the address (the link reached its inbox)
     * and signs out every session, since whoever forgot the password may not be the only one in.
     */
    async resetPassword(input: { token: string; newPassword: string; ip?: string }): Promise<void> {
      await rateLimiter.consume(PASSWORD_RESET_PER_IP, hasher.hashIp(input.ip) ?? 'unknown');
      const tokenHash = hashEmailedToken(input.token);
      // A link that cannot work costs no hash: bogus resets are cheap to refuse.
      if (!(await findLiveAccountToken(db, tokenHash, 'reset_password', clock.now()))) throw expiredLink();
      // Hash before consuming: a slow hash after consuming would leave a used token if the client hangs up.
      const passwordHash = await passwords.hash(input.newPassword);
      const now = clock.now();
      const accountId = await consumeAccountToken(db, tokenHash, 'reset_password', now);
      const account = accountId ? await findAccountById(db, accountId) : undefined;
      if (!account) throw expiredLink();
      await db.transaction().execute(async (trx) => {
        await updateAccount(trx, account.id, { password_hash: passwordHash, email_verified_at: account.email_verified_at ?? now });
        await deleteSessionsOfAccount(trx, account.id);
      });
      // The link proved the mailbox: a lock from someone else's guessing should not keep the owner out.
      await rateLimiter.reset(SIGN_IN_FAILURES_PER_ACCOUNT, hasher.hashEmail(account.email));
      await securityLog.record('password.reset', { accountId: account.id, ip: input.ip });
      await accountMail.sendPasswordChanged(account);
    },
  };
}
