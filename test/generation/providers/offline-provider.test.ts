import sharp from 'sharp';
import type * as SharpModule from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { ImageProvider } from '../../../src/generation/providers/image-provider.ts';
import { createOfflineProvider } from '../../../src/generation/providers/offline-provider.ts';
import { generationRequest, providerFailure } from './support/fake-provider-server.ts';

/**
 * An offline provider whose sharp records every SVG it is handed, to read what went into the
 * drawing. The module is loaded afresh for it (test files share loaded modules) and then dropped.
 */
async function providerRecordingSvg(): Promise<{ provider: ImageProvider; svgInputs: string[] }> {
  const svgInputs: string[] = [];
  vi.resetModules();
  vi.doMock('sharp', async (importOriginal) => {
    const actual = (await importOriginal<typeof SharpModule>()).default;
    const recording = (...args: Parameters<typeof actual>) => {
      const [input] = args;
      if (Buffer.isBuffer(input) && input.subarray(0, 4).toString() === '<svg') svgInputs.push(input.toString('utf8'));
      return actual(...args);
    };
    return { default: Object.assign(recording, actual) };
  });
  try {
    const fresh = await import('../../../src/generation/providers/offline-provider.ts');
    return { provider: fresh.createOfflineProvider(), svgInputs };
  } finally {
    vi.doUnmock('sharp');
    vi.resetModules();
  }
}

describe('offline provider', () => {
  const provider = createOfflineProvider();

  it('renders identical bytes for the same prompt and seed', async () => {
    const first = await provider.generate(generationRequest({ providerModel: 'sketch', seed: 1 }));
    const second = await provider.generate(generationRequest({ providerModel: 'sketch', seed: 1 }));

    expect(first.data.equals(second.data)).toBe(true);
    expect(first.seed).toBe(1);
  });

  it('renders different images for a different seed or prompt', async () => {
    const base = await provider.generate(generationRequest({ seed: 1 }));
    const otherSeed = await provider.generate(generationRequest({ seed: 2 }));
    const otherPrompt = await provider.generate(generationRequest({ seed: 1, prompt: 'a quiet harbour' }));

    expect(base.data.equals(otherSeed.data)).toBe(false);
    expect(base.data.equals(otherPrompt.data)).toBe(false);
    const withReference = await provider.generate(generationRequest({ seed: 1, referenceImage: Buffer.from('reference bytes') }));
    expect(base.data.equals(withReference.data)).toBe(false);
  });

  it.each([
    ['square', 768, 768],
    ['portrait', 640, 960],
    ['landscape', 960, 640],
  ] as const)('renders a %s PNG at the requested size', async (aspect, width, height) => {
    const image = await provider.generate(generationRequest({ providerModel: 'detailed', aspect, width, height }));

    const metadata = await sharp(image.data).metadata();
    expect({ format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({ format: 'png', width, height });
  });

  it('is unaffected by markup in the prompt, which never reaches the SVG', async () => {
    const prompt = '</svg><image href="file:///etc/passwd"/>';
    const { provider: recorded, svgInputs } = await providerRecordingSvg();
    const image = await recorded.generate(generationRequest({ prompt, negativePrompt: '<script>alert(1)</script>', width: 64, height: 64 }));

    expect(svgInputs).toHaveLength(1);
    const svg = svgInputs[0]!;
    expect(svg).not.toContain('passwd');
    expect(svg).not.toContain('<image');
    expect(svg).not.toContain('<script');
    // One document, drawn whole: the only closing tag is the renderer's own, at the end.
    expect(svg.match(/<\/svg>/g)).toEqual(['</svg>']);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(await sharp(image.data).metadata()).toMatchObject({ format: 'png', width: 64, height: 64 });
  });

  it('refuses an already aborted request', async () => {
    const controller = new AbortController();
    controller.abort();

    const error = await providerFailure(provider.generate(generationRequest({ signal: controller.signal })));

    expect(error.kind).toBe('permanent');
  });
});
