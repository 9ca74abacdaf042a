import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { RateLimitedError } from '../errors.ts';

/**
 * scrypt with a per-password random salt, at most `limits.concurrency` at once (HashingLimits). The stored string names its own parameters
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

export interface HashingLimits {
  /** scrypt runs at once. Each holds one of libuv's 4 threads (shared with file I/O, DNS, zlib) and 128 MB. */
  concurrency: number;
  /** Hashes waiting for a free slot; past this the request answers 429 at once instead of piling up. */
  queueLimit: number;
}

export const DEFAULT_HASHING_LIMITS: HashingLimits = { concurrency: 1, queueLimit: 16 };

export const HASHING_BUSY_MESSAGE = 'Too many password checks at the moment; try again in a few seconds';

/**
 * A counting semaphore with a bounded queue. scrypt is deliberately slow and memory-hard: without
 * a bound, a burst of sign-ins or resets fills libuv's thread pool and every file read, thumbnail
 * and DNS lookup of the process waits behind it.
 */
function createHashingSlots({ concurrency, queueLimit }: HashingLimits) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= queueLimit) throw new RateLimitedError(HASHING_BUSY_MESSAGE, 2);
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await work();
    } finally {
      // Hands the slot straight to the next in line (running stays the same), or frees it.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 128 * 2 ** log2N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export function createPasswordHasher({ log2Cost, limits = DEFAULT_HASHING_LIMITS }: { log2Cost: number; limits?: HashingLimits }): PasswordHasher {
  const dummySalt = randomBytes(SALT_BYTES);
  const withSlot = createHashingSlots(limits);
  const bounded = (password: string, salt: Buffer, log2N: number, r: number, p: number) => withSlot(() => derive(password, salt, log2N, r, p));
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await bounded(password, salt, log2Cost, BLOCK_SIZE, PARALLELISM);
      return `scrypt$${log2Cost}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },
    async verify(password, stored) {
      const match = STORED.exec(stored);
      if (!match) return false;
      const [, log2N, r, p, salt, expected] = match as unknown as [string, string, string, string, string, string];
      const expectedKey = Buffer.from(expected, 'base64url');
      const key = await bounded(password, Buffer.from(salt, 'base64url'), Number(log2N), Number(r), Number(p));
      return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
    },
    async spendEquivalentTime(password) {
      // Bounded like real checks: unknown addresses cost no more than known ones, and no more than the bound.
      await bounded(password, dummySalt, log2Cost, BLOCK_SIZE, PARALLELISM);
    },
  };
}
