import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/errors-log/error-fingerprint.ts';
import { scrubPersonalData } from '../../src/errors-log/scrub.ts';

const ROOT = '/srv/artsift';

function errorAt(message: string, line: number, name = 'Error'): Error {
  const error = new Error(message);
  error.name = name;
  error.stack = `${name}: ${message}\n    at findArtwork (file://${ROOT}/src/artworks/artwork.service.ts:${line}:11)\n    at handle (${ROOT}/node_modules/router/lib/layer.js:152:17)`;
  return error;
}

describe('error fingerprints', () => {
  it('group the same failure whatever ids it quotes or the line it moved to', () => {
    const a = describeError(errorAt('artwork 12 not loaded: "a fox"', 40), ROOT);
    const b = describeError(errorAt('artwork 9911 not loaded: "a crow"', 57), ROOT);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.stack).toContain('at findArtwork (src/artworks/artwork.service.ts:40:11)');
    expect(a.stack).not.toContain(ROOT);
  });

  it('tell different failures apart by type, message and frames', () => {
    const base = describeError(errorAt('artwork 12 not loaded', 40), ROOT).fingerprint;
    expect(describeError(errorAt('artwork 12 not loaded', 40, 'TypeError'), ROOT).fingerprint).not.toBe(base);
    expect(describeError(errorAt('storage 12 not reachable', 40), ROOT).fingerprint).not.toBe(base);
    const elsewhere = errorAt('artwork 12 not loaded', 40);
    elsewhere.stack = elsewhere.stack!.replace('findArtwork', 'loadThumbnail');
    expect(describeError(elsewhere, ROOT).fingerprint).not.toBe(base);
  });

  it('describe values thrown that are not errors', () => {
    expect(describeError('plain text thrown for bob@mail.example', ROOT)).toMatchObject({ type: 'string', message: 'plain text thrown for [email]' });
  });
});

describe('scrubbing personal data', () => {
  it.each([
    ['reset for ana@site.example failed', 'reset for [email] failed'],
    ['GET /reset-password?token=abc&email=x failed', 'GET /reset-password?[query] failed'],
    ['Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: [redacted] [token]'],
    ['sent Bearer eyJhbGciOi.payload.sig', 'sent Bearer [token]'],
    ['password=hunter2 rejected', 'password=[redacted] rejected'],
    ['key sk_live_51Habcdefghijkl leaked', 'key [token] leaked'],
    ['session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 gone', 'session [token] gone'],
    ['digest 9f86d081884c7d659a2feaa0c55ad015 mismatch', 'digest [token] mismatch'],
    ['peer 198.51.100.23 reset', 'peer [ip] reset'],
    ['peer 2001:db8:0:0:1:0:0:1 reset', 'peer [ip] reset'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });
});
