import { createHash, randomInt } from 'node:crypto';

/** Lower case without look-alikes (0/o, 1/l/i): codes get read off paper and typed. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_COUNT = 10;
const HALF_LENGTH = 5;

/** Ten single-use codes (`xxxxx-xxxxx`, ~49 bits each) for an admin who lost the authenticator. */
export function newRecoveryCodes(): string[] {
  const half = () => Array.from({ length: HALF_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${half()}-${half()}`);
}

/** High-entropy random codes need no slow hash; SHA-256 keeps the database copy useless. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase().replace('-', '')).digest('hex');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return !/^\d{6}$/.test(code.trim());
}
