import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with a per-password random salt. The stored string names its own parameters
 * (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`), so raising the cost later leaves old hashes valid.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the same time as a real check, for sign-ins to unknown accounts (no timing oracle). */
  spendEquivalentTime(password: string): Promise<void>;
}

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 128 * 2 ** log2N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export function createPasswordHasher({ log2Cost }: { log2Cost: number }): PasswordHasher {
  const dummySalt = randomBytes(SALT_BYTES);
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, log2Cost, BLOCK_SIZE, PARALLELISM);
      return `scrypt$${log2Cost}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },
    async verify(password, stored) {
      const match = STORED.exec(stored);
      if (!match) return false;
      const [, log2N, r, p, salt, expected] = match as unknown as [string, string, string, string, string, string];
      const expectedKey = Buffer.from(expected, 'base64url');
      const key = await derive(password, Buffer.from(salt, 'base64url'), Number(log2N), Number(r), Number(p));
      return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
    },
    async spendEquivalentTime(password) {
      await derive(password, dummySalt, log2Cost, BLOCK_SIZE, PARALLELISM);
    },
  };
}
