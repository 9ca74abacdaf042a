import { describe, expect, it } from 'vitest';
import { a1111GenerationMetadata, parseA1111Parameters } from '../../../crawlers/metadata/a1111-parameters.ts';
import { A1111_FULL_PARAMETERS, A1111_WITHOUT_NEGATIVE } from './fixtures/generator-samples.ts';

describe('parseA1111Parameters', () => {
  it('splits a multi-line prompt, a multi-line negative prompt and the settings line', () => {
    const parsed = parseA1111Parameters(A1111_FULL_PARAMETERS);

    expect(parsed.prompt).toBe('masterpiece, best quality, a lighthouse on a cliff,\nstormy sea, (dramatic lighting:1.2), <lora:detail_tweaker:0.6>');
    expect(parsed.negativePrompt).toBe('lowres, blurry,\nwatermark, text');
    expect(parsed.hasSettingsLine).toBe(true);
    expect(parsed.model).toBe('sd_xl_base_1.0');
    expect(parsed.params).toEqual({
      steps: 28,
      sampler: 'DPM++ 2M',
      scheduler: 'Karras',
      cfgScale: 6.5,
      seed: 1234567890,
      size: '832x1216',
      modelHash: '31e35c80fc',
    });
    expect(Object.fromEntries(parsed.extra)).toEqual({
      'Denoising strength': '0.35',
      'Lora hashes': 'detail_tweaker: 1a2b3c4d5e6f, other: 0f0e0d',
      'TI hashes': 'quoted "inner" text',
      Version: 'v1.10.1',
    });
  });

  it('reads parameters without a negative prompt', () => {
    const parsed = parseA1111Parameters(A1111_WITHOUT_NEGATIVE);

    expect(parsed.prompt).toBe('a watercolor fox in the snow');
    expect(parsed.negativePrompt).toBeUndefined();
    expect(parsed.model).toBe('dreamshaper_8');
    expect(parsed.params).toMatchObject({ steps: 20, sampler: 'Euler a', cfgScale: 7, seed: 42, modelHash: 'abcdef1234' });
  });

  it('handles Windows newlines, an empty prompt and a negative prompt on the first line', () => {
    const parsed = parseA1111Parameters('Negative prompt: ugly\r\nSteps: 10, Sampler: Euler, Seed: 7');

    expect(parsed.prompt).toBe('');
    expect(parsed.negativePrompt).toBe('ugly');
    expect(parsed.params).toEqual({ steps: 10, sampler: 'Euler', seed: 7 });
  });

  it('treats text without a settings line as all prompt', () => {
    const parsed = parseA1111Parameters('just a prompt\nsecond line: with a colon, and commas');

    expect(parsed).toMatchObject({ prompt: 'just a prompt\nsecond line: with a colon, and commas', hasSettingsLine: false });
    expect(parsed.params).toEqual({});
  });

  it('keeps seeds beyond the safe-integer range as exact text, and unparsable numbers in extra', () => {
    const parsed = parseA1111Parameters('p\nSteps: many, Seed: 18446744073709551615, Sampler: Euler');

    expect(parsed.params).toEqual({ seed: '18446744073709551615', sampler: 'Euler' });
    expect(parsed.extra.get('Steps')).toBe('many');
  });

  it('skips malformed settings and keeps going, including an unterminated quote', () => {
    const parsed = parseA1111Parameters('p\nSteps: 5, garbage without colon, Sampler: Euler, Seed: 1, Note: "unterminated, Size: 64x64');

    expect(parsed.params).toMatchObject({ steps: 5, sampler: 'Euler', seed: 1, size: '64x64' });
    expect(parsed.extra.get('Note')).toBe('"unterminated');
  });

  it('keeps markup in the prompt as plain text (escaping is the view’s job)', () => {
    const parsed = parseA1111Parameters('<script>alert(1)</script> a cat\nSteps: 1, Sampler: Euler, Seed: 1');

    expect(parsed.prompt).toBe('<script>alert(1)</script> a cat');
  });

  it('returns on a megabyte of garbage, with or without newlines and quotes', () => {
    const noise = 'a: "b\\", c:, :: ",'.repeat(60_000);
    const colons = 'x:'.repeat(500_000);
    const lines = 'Negative prompt: \n'.repeat(60_000);

    for (const garbage of [noise, colons, lines, `${noise}\n${colons}`]) {
      expect(parseA1111Parameters(garbage)).toMatchObject({ hasSettingsLine: false, extra: new Map() });
    }
  });
});

describe('a1111GenerationMetadata', () => {
  it('maps the parse into the record, with extra settings under their own labels', () => {
    const metadata = a1111GenerationMetadata(parseA1111Parameters(A1111_FULL_PARAMETERS));

    expect(metadata).toMatchObject({
      generator: 'a1111',
      model: 'sd_xl_base_1.0',
      negativePrompt: 'lowres, blurry,\nwatermark, text',
      params: { steps: 28, seed: 1234567890, 'Lora hashes': 'detail_tweaker: 1a2b3c4d5e6f, other: 0f0e0d' },
    });
  });
});
