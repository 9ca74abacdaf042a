import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/backup/backup-manifest.ts';
import { masterKeyFrom, parseMasterKey } from '../../src/media/storage-master-keys.ts';

describe('compareVersions', () => {
  it.each([
    ['0.10.0', '0.9.9', 1],
    ['1.0.0', '1.0.0', 0],
    ['1.2.3-beta.1', '1.2.3', 0],
    ['2.0', '10.0.0', -1],
  ])('%s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('parseMasterKey', () => {
  const bytes = Buffer.from(Array.from({ length: 32 }, (_, index) => index * 7));

  it('reads the same 32 bytes from hex, base64 and base64url, with the same fingerprint', () => {
    const forms = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), ` ${bytes.toString('hex').toUpperCase()}\n`];
    for (const form of forms) expect(parseMasterKey(form, 'KEY')).toEqual(bytes);
    expect(masterKeyFrom(bytes).id).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyFrom(Buffer.alloc(32)).id).not.toBe(masterKeyFrom(bytes).id);
  });

  it.each(['', 'abc', 'a'.repeat(63), Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), `${'a'.repeat(62)}zz`])('refuses %j naming the variable', (text) => {
    expect(() => parseMasterKey(text, 'STORAGE_ENCRYPTION_KEY')).toThrow(/^STORAGE_ENCRYPTION_KEY must be a 32-byte key/);
  });
});
