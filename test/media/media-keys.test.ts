import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertMediaKey, mediaKeyFor, parseMediaKey } from '../../src/media/media-keys.ts';
import { MALFORMED_KEYS } from './storage-contract.ts';

describe('media keys', () => {
  it('are <kind>/<two hex digits>/<sha256 of the bytes>.webp', () => {
    const bytes = Buffer.from('some webp bytes');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(mediaKeyFor('preview', bytes)).toBe(`preview/${sha256.slice(0, 2)}/${sha256}.webp`);
  });

  it('parse back into kind and hash', () => {
    const key = mediaKeyFor('user', Buffer.from('avatar'));
    const parsed = parseMediaKey(key);
    expect(parsed?.kind).toBe('user');
    expect(key).toBe(`user/${parsed?.sha256.slice(0, 2)}/${parsed?.sha256}.webp`);
  });

  it.each(MALFORMED_KEYS)('refuse %j', (key) => {
    expect(parseMediaKey(key)).toBeUndefined();
    expect(() => assertMediaKey(key)).toThrow(/Not a media key/);
  });
});
