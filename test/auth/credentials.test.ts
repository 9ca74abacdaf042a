import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../src/accounts/account-input.ts';
import { createPasswordHasher } from '../../src/accounts/password-hasher.ts';
import { hashRecoveryCode, newRecoveryCodes } from '../../src/accounts/recovery-codes.ts';
import { createSecretBox } from '../../src/accounts/secret-box.ts';
import { newTotpSecret, verifyTotp } from '../../src/accounts/totp.ts';
import { createIdentifierHasher } from '../../src/auth/identifier-hasher.ts';
import { configSchema } from '../../src/config.ts';

describe('credentials', () => {
  it('hashes passwords with scrypt, a per-password salt and the parameters in the stored string', async () => {
    const hasher = createPasswordHasher({ log2Cost: 10 });
    const [first, second] = await Promise.all([hasher.hash('the same passphrase'), hasher.hash('the same passphrase')]);
    expect(first).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(await hasher.verify('the same passphrase', first)).toBe(true);
    expect(await hasher.verify('the same passphrase ', first)).toBe(false);
    expect(await hasher.verify('anything', 'not-a-hash')).toBe(false);
    // A hash made at another cost still verifies after the setting changes.
    expect(await createPasswordHasher({ log2Cost: 11 }).verify('the same passphrase', first)).toBe(true);
  });

  it('keeps the production cost at OWASP’s scrypt level unless configured', () => {
    expect(configSchema.parse({}).PASSWORD_HASH_COST).toBe(17);
    expect(configSchema.safeParse({ PASSWORD_HASH_COST: '9' }).success).toBe(false);
  });

  it('refuses short, overlong and common passwords', () => {
    expect(newPasswordSchema.safeParse('correct horse battery staple').success).toBe(true);
    for (const bad of ['short', 'x'.repeat(129), 'password123', 'PASSWORD123', '1234567890', 'qwertyuiop']) {
      expect(newPasswordSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('accepts a TOTP code within one step of drift and never the same step twice', async () => {
    const secret = newTotpSecret();
    const now = new Date('2026-11-23T12:00:10Z');
    const code = await generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
    const step = await verifyTotp(secret, code, now, null);
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    expect(await verifyTotp(secret, code, now, step)).toBeNull();
    expect(await verifyTotp(secret, code, new Date(now.getTime() + 30_000), null)).not.toBeNull();
    expect(await verifyTotp(secret, code, new Date(now.getTime() + 90_000), null)).toBeNull();
    expect(await verifyTotp(secret, 'abc', now, null)).toBeNull();
  });

  it('makes ten distinct recovery codes and hashes them independent of case and dash', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace('-', ''))).toBe(hashRecoveryCode(codes[0]!));
  });

  it('seals secrets so that only the key opens them', () => {
    const box = createSecretBox('key one');
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(() => createSecretBox('key two').open(sealed)).toThrow();
  });

  it('hashes identifiers with a key: stable, unlinkable without the key, never the raw value', () => {
    const hasher = createIdentifierHasher('k1');
    expect(hasher.hashIp('203.0.113.5')).toBe(hasher.hashIp('::ffff:203.0.113.5'));
    expect(hasher.hashIp('203.0.113.5')).not.toBe(createIdentifierHasher('k2').hashIp('203.0.113.5'));
    expect(hasher.hashEmail('A@Example.com')).toBe(hasher.hashEmail('a@example.com'));
    expect(hasher.hashIp(undefined)).toBeNull();
    expect(hasher.hashIp('203.0.113.5')).toMatch(/^[0-9a-f]{32}$/);
  });
});
