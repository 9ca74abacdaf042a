import { createHash, randomBytes } from 'node:crypto';

/** A fresh link token (32 random bytes, base64url) and the hash that is all the database keeps. */
export function newEmailedToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashEmailedToken(token) };
}

export function hashEmailedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
