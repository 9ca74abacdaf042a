import { createHmac } from 'node:crypto';

/**
 * Keyed hashes of personal identifiers (client IPs, email addresses) for logs, the security log
 * and rate-limit keys: equal inputs give equal hashes, so "same address" stays visible, but
 * without the key (DATA_DIR/secrets.json) nobody can test a guess against a stored hash.
 */
export interface IdentifierHasher {
  /** Null when the address is unknown (a request without a socket address). */
  hashIp(ip: string | undefined): string | null;
  hashEmail(email: string): string;
}

const HASH_HEX_LENGTH = 32;

export function createIdentifierHasher(key: string): IdentifierHasher {
  // The prefix separates the two domains: an IP and an email never hash alike by accident.
  const hash = (domain: string, value: string) =>
    createHmac('sha256', key).update(`${domain}:${value}`).digest('hex').slice(0, HASH_HEX_LENGTH);
  return {
    hashIp: (ip) => (ip ? hash('ip', normaliseIp(ip)) : null),
    hashEmail: (email) => hash('email', email.trim().toLowerCase()),
  };
}

/** An IPv4 address seen through an IPv6 socket (::ffff:1.2.3.4) is the same client as 1.2.3.4. */
function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip.toLowerCase();
}
