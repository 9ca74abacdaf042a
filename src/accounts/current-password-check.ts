import { CURRENT_PASSWORD_CHECKS_PER_ACCOUNT } from '../auth/auth-limits.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { RateLimitedError } from '../errors.ts';
import type { PasswordHasher } from './password-hasher.ts';

export type CurrentPasswordCheck = ReturnType<typeof createCurrentPasswordCheck>;

/**
 * "Enter your current password" (change password, delete account) for a signed-in session.
 * A stolen session must not become an unlimited password oracle or a way to make the server
 * hash without end: checks are counted per account before hashing, and a success resets the count.
 */
export function createCurrentPasswordCheck({ passwords, rateLimiter }: { passwords: PasswordHasher; rateLimiter: RateLimiter }) {
  return {
    async matches(accountId: string, password: string, passwordHash: string): Promise<boolean> {
      const attempts = await rateLimiter.hit(CURRENT_PASSWORD_CHECKS_PER_ACCOUNT, accountId);
      if (!attempts.allowed) throw new RateLimitedError(CURRENT_PASSWORD_CHECKS_PER_ACCOUNT.message, attempts.retryAfterSeconds);
      const ok = await passwords.verify(password, passwordHash);
      if (ok) await rateLimiter.reset(CURRENT_PASSWORD_CHECKS_PER_ACCOUNT, accountId);
      return ok;
    },
  };
}
