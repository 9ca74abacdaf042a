import { createHash, randomBytes } from 'node:crypto';

/**
 * `as_` marks artsift keys (secret scanners can match it), 32 random bytes make guessing
 * hopeless, so a plain SHA-256 is enough to store: no slow hash is needed for such entropy.
 */
const KEY_PATTERN = /^as_[A-Za-z0-9_-]{43}$/;
/** What the owner sees in the list: the marker and the first characters of the secret. */
const VISIBLE_PREFIX_LENGTH = 11;

export interface NewApiKeySecret {
  key: string;
  prefix: string;
  hash: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  const key = `as_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, VISIBLE_PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}
