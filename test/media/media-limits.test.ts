import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { mediaLimitsFromConfig } from '../../src/media/media-limits.ts';

describe('media limits from the environment', () => {
  it('default to 25 MiB and 50 megapixels', () => {
    expect(mediaLimitsFromConfig(loadConfig({}))).toEqual({ maxInputBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 });
  });

  it('read MEDIA_MAX_INPUT_BYTES and MEDIA_MAX_PIXELS', () => {
    const config = loadConfig({ MEDIA_MAX_INPUT_BYTES: '1048576', MEDIA_MAX_PIXELS: '4000000' });
    expect(mediaLimitsFromConfig(config)).toEqual({ maxInputBytes: 1_048_576, maxPixels: 4_000_000 });
  });

  it.each([
    ['MEDIA_MAX_INPUT_BYTES', '0'],
    ['MEDIA_MAX_INPUT_BYTES', 'lots'],
    ['MEDIA_MAX_PIXELS', '-1'],
    ['MEDIA_MAX_PIXELS', '1.5'],
  ])('refuse %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });
});
