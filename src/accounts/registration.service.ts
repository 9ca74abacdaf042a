import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import { EMAIL_LINK_REQUESTS_PER_IP, SIGN_UP_PER_IP } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { toAccount, type Account } from './account.ts';
import type { AccountMailService } from './account-mail.service.ts';
import { findAccountByEmail, findAccountById, insertAccount, isUsernameTaken, updateAccount } from './account.repository.ts';
import { consumeAccountToken } from './account-token.repository.ts';
import { hashEmailedToken } from './emailed-token.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { isUniqueViolation } from './unique-violation.ts';

export const USERNAME_TAKEN_MESSAGE = 'That username is taken; choose another';

export type RegistrationService = ReturnType<typeof createRegistrationService>;

export function createRegistrationService(deps: {
  db: Db;
  clock: Clock;
  passwords: PasswordHasher;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  securityLog: SecurityLog;
  accountMail: AccountMailService;
}) {
  const { db, clock, passwords, rateLimiter, hasher, securityLog, accountMail } = deps;

  return {
    /**
     * Creates an unverified account and mails a verification link. For an address that already
     * has an account the answer is the same and that address gets an "already registered" mail,
     * so sign-up cannot be used to find out who has an account.
     */
    async register(input: { email: string; password: string; username?: string | undefined; ip?: string }): Promise<void> {
      await rateLimiter.consume(SIGN_UP_PER_IP, hasher.hashIp(input.ip) ?? 'unknown');
      if (input.username && (await isUsernameTaken(db, input.username))) throw new ConflictError(USERNAME_TAKEN_MESSAGE, 'username');
      // Hashed before we know whether the address is new, so both paths take as long.
      const passwordHash = await passwords.hash(input.password);
      let created;
      try {
        created = await insertAccount(db, { email: input.email, username: input.username ?? null, password_hash: passwordHash });
      } catch (error) {
        if (isUniqueViolation(error, 'accounts_username_key')) throw new ConflictError(USERNAME_TAKEN_MESSAGE, 'username');
        throw error;
      }
      if (!created) {
        const existing = await findAccountByEmail(db, input.email);
        if (existing) await accountMail.sendAlreadyRegistered(existing);
        return;
      }
      await securityLog.record('account.registered', { accountId: created.id, ip: input.ip });
      await accountMail.sendEmailVerification(created);
    },

    /** Uses a verification link. Throws ValidationError (field `token`) for a used, expired or unknown one. */
    async verifyEmail(input: { token: string; ip?: string }): Promise<Account> {
      const now = clock.now();
      const accountId = await consumeAccountToken(db, hashEmailedToken(input.token), 'verify_email', now);
      const account = accountId ? await findAccountById(db, accountId) : undefined;
      if (!account) throw new ValidationError('This link has expired or was already used; ask for a new one', 'token');
      const verified = account.email_verified_at ? account : await updateAccount(db, account.id, { email_verified_at: now });
      await securityLog.record('account.email_verified', { accountId: account.id, ip: input.ip });
      return toAccount(verified ?? account);
    },

    /** Sends a fresh link to an unverified account; the same answer whatever the address. */
    async resendVerification(input: { email: string; ip?: string }): Promise<void> {
      await rateLimiter.consume(EMAIL_LINK_REQUESTS_PER_IP, hasher.hashIp(input.ip) ?? 'unknown');
      const account = await findAccountByEmail(db, input.email);
      if (account && !account.email_verified_at) await accountMail.sendEmailVerification(account);
    },
  };
}
