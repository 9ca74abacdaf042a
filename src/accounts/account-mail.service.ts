import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import { MAIL_PER_RECIPIENT } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { AccountTokenPurpose } from './account-tables.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { alreadyRegisteredMessage, emailVerificationMessage, passwordChangedMessage, passwordResetMessage } from '../mail/account-messages.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { insertAccountToken, revokeAccountTokens } from './account-token.repository.ts';
import { newEmailedToken } from './emailed-token.ts';

const HOUR_MS = 60 * 60 * 1000;
export const EMAIL_VERIFICATION_TTL_MS = 24 * HOUR_MS;
export const PASSWORD_RESET_TTL_MS = HOUR_MS;

interface Recipient {
  id: string;
  email: string;
}

export type AccountMailService = ReturnType<typeof createAccountMailService>;

/**
 * Every mail about an account. Sending never fails the request that caused it, and a capped
 * recipient silently gets nothing more: answers stay the same whether or not mail went out.
 */
export function createAccountMailService(deps: { db: Db; mailer: Mailer; rateLimiter: RateLimiter; hasher: IdentifierHasher; clock: Clock; logger: Logger; publicUrl: string }) {
  const { db, mailer, rateLimiter, hasher, clock, logger, publicUrl } = deps;

  /**
   * Sends unless the recipient's cap is reached. The message is built only once the cap allows
   * it: a link request past the cap must neither send nor revoke the link already in the inbox.
   */
  async function deliver(kind: string, to: string, buildMessage: () => Promise<MailMessage> | MailMessage): Promise<void> {
    const recipientHash = hasher.hashEmail(to);
    const { allowed } = await rateLimiter.hit(MAIL_PER_RECIPIENT, recipientHash);
    if (!allowed) {
      logger.warn({ mail: kind, recipientHash }, 'mail not sent: recipient rate limit reached');
      return;
    }
    const message = await buildMessage();
    try {
      await mailer.send(message);
      logger.info({ mail: kind, recipientHash }, 'mail sent');
    } catch (error) {
      // The transport's error may quote the address: log its code only.
      logger.error({ mail: kind, recipientHash, code: (error as { code?: unknown }).code }, 'mail could not be sent');
    }
  }

  async function linkWithNewToken(account: Recipient, purpose: AccountTokenPurpose, ttlMs: number, path: string): Promise<string> {
    const now = clock.now();
    const { token, tokenHash } = newEmailedToken();
    await revokeAccountTokens(db, account.id, purpose, now);
    await insertAccountToken(db, { tokenHash, accountId: account.id, purpose, expiresAt: new Date(now.getTime() + ttlMs) });
    return `${publicUrl}${path}?token=${token}`;
  }

  return {
    async sendEmailVerification(account: Recipient): Promise<void> {
      await deliver('email_verification', account.email, async () =>
        emailVerificationMessage(account.email, await linkWithNewToken(account, 'verify_email', EMAIL_VERIFICATION_TTL_MS, '/verify-email')),
      );
    },
    async sendAlreadyRegistered(account: Recipient): Promise<void> {
      await deliver('already_registered', account.email, () => alreadyRegisteredMessage(account.email, `${publicUrl}/sign-in`, `${publicUrl}/forgot-password`));
    },
    async sendPasswordReset(account: Recipient): Promise<void> {
      await deliver('password_reset', account.email, async () =>
        passwordResetMessage(account.email, await linkWithNewToken(account, 'reset_password', PASSWORD_RESET_TTL_MS, '/reset-password')),
      );
    },
    async sendPasswordChanged(account: Recipient): Promise<void> {
      await deliver('password_changed', account.email, () => passwordChangedMessage(account.email));
    },
  };
}
