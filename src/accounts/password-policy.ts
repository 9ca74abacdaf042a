import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;
/** scrypt takes any length, but an unbounded input is a cheap way to burn our CPU. */
export const PASSWORD_MAX_LENGTH = 128;

let commonPasswords: Set<string> | undefined;

/**
 * True for passwords on zxcvbn's list of ~50,000 most common passwords (compared in lower case).
 * Only entries long enough to pass the length rule can matter, so only those are kept in memory.
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].filter((entry) => entry.length >= PASSWORD_MIN_LENGTH));
  return commonPasswords.has(password.toLowerCase());
}
