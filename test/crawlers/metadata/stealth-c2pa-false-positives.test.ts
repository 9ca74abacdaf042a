import { describe, expect, it } from 'vitest';
import { readStealthPngInfo } from '../../../crawlers/metadata/png-stealth-info.ts';
import { readGenerationMetadata } from '../../../crawlers/metadata/read-generation-metadata.ts';
import { app11Segments, c2paManifestStore, generatedImageClaim } from './fixtures/c2pa-fixture.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import { NOVELAI_COMMENT } from './fixtures/generator-samples.ts';
import { commentSegment, exifSegment, jpegWithSegments, xmpSegment } from './fixtures/jpeg-fixture.ts';
import { pngChunk, pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { rgbaPng, stealthPng } from './fixtures/stealth-fixture.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';
import { xmpPacket } from './fixtures/xmp-fixture.ts';

const PARAMETERS = 'a lantern in the rain  \nNegative prompt: dry\nSteps: 22, Sampler: Euler a, CFG scale: 6, Seed: 31337, Size: 64x48';

describe('stealth pnginfo (alpha channel)', () => {
  for (const compressed of [false, true]) {
    it(`reads ${compressed ? 'gzip' : 'plain'} parameters hidden in the alpha bits`, () => {
      const png = stealthPng(PARAMETERS, { compressed });

      expect(readStealthPngInfo(png)).toBe(PARAMETERS);
      expect(readGenerationMetadata(png)).toMatchObject({
        generator: 'a1111',
        prompt: 'a lantern in the rain',
        negativePrompt: 'dry',
        params: { steps: 22, seed: 31337 },
      });
    });
  }

  it('reads data spanning many columns of a short image', () => {
    const png = stealthPng(PARAMETERS, { compressed: false, width: 200, height: 9 });

    expect(readStealthPngInfo(png)).toBe(PARAMETERS);
  });

  it('reads a large image whose header rows are inflated before the rest', () => {
    const png = stealthPng(PARAMETERS, { compressed: true, width: 300, height: 400, noisy: true });

    expect(png.length).toBeGreaterThan(300 * 1024);
    expect(readStealthPngInfo(png)).toBe(PARAMETERS);
    expect(readStealthPngInfo(stealthPng(PARAMETERS, { compressed: true, width: 300, height: 400, noisy: true, signature: 'not_stealthinfo' }))).toBeUndefined();
  });

  it('reads NovelAI’s JSON envelope hidden the same way', () => {
    const envelope = JSON.stringify({ Description: 'stealth prompt', Software: 'NovelAI', Comment: JSON.stringify(NOVELAI_COMMENT) });
    const png = stealthPng(envelope, { compressed: true, width: 96, height: 96 });

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'novelai', prompt: 'stealth prompt', params: { steps: 28 } });
  });

  it('prefers text chunks over the alpha channel', async () => {
    const png = stealthPng(PARAMETERS, { compressed: false });
    const iend = png.lastIndexOf('IEND') - 4;
    const withText = Buffer.concat([png.subarray(0, iend), textChunk('parameters', 'from text\nSteps: 1, Sampler: Euler, Seed: 1'), png.subarray(iend)]);

    expect(readGenerationMetadata(withText)?.prompt).toBe('from text');
  });

  it('reads nothing from an image too small for its declared length, truncated, or with another signature', () => {
    const png = stealthPng(PARAMETERS, { compressed: true });
    const idat = png.indexOf('IDAT');
    const plain = stealthPng(PARAMETERS, { compressed: false });
    const otherSignature = stealthPng(PARAMETERS, { compressed: false, signature: 'stealth_rgbinfo' });
    const notGzip = stealthPng(PARAMETERS, { compressed: false, signature: 'stealth_pngcomp' });

    expect(readStealthPngInfo(png.subarray(0, idat + 20))).toBeUndefined();
    expect(readStealthPngInfo(plain.subarray(0, plain.length - 30))).toBeUndefined();
    expect(readStealthPngInfo(otherSignature)).toBeUndefined();
    expect(readStealthPngInfo(notGzip)).toBeUndefined();
    expect(readGenerationMetadata(notGzip)).toBeUndefined();
  });

  it('reads nothing from an opaque image, an RGBA image without the signature, or an empty payload', async () => {
    const noise = Buffer.from(Array.from({ length: 32 * 32 * 4 }, (_, i) => (i * 2654435761) >>> 24));

    expect(readStealthPngInfo(await pngWithChunks())).toBeUndefined();
    expect(readStealthPngInfo(rgbaPng(noise, 32, 32))).toBeUndefined();
    expect(readStealthPngInfo(stealthPng('', { compressed: false }))).toBeUndefined();
  });
});

describe('C2PA manifests', () => {
  it('reports OpenAI as the generator of a ChatGPT PNG (caBX), with no prompt', async () => {
    const png = await pngWithChunks(pngChunk('caBX', c2paManifestStore(generatedImageClaim('ChatGPT'))));

    expect(readGenerationMetadata(png)).toEqual({ generator: 'openai', resources: [], params: { generator: 'OpenAI' } });
  });

  it('reads a manifest split over several JPEG APP11 segments', async () => {
    const jpeg = await jpegWithSegments(...app11Segments(c2paManifestStore(generatedImageClaim('Google C2PA Core Generator Library (Gemini)')), 40));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'google', params: { generator: 'Google' } });
    expect(readGenerationMetadata(jpeg)?.prompt).toBeUndefined();
  });

  it('reads the WebP C2PA chunk; an unknown tool declaring a generated image is "unknown"', async () => {
    const webp = await webpWithMetadata({ c2pa: c2paManifestStore(generatedImageClaim('Some Image Tool 1.0')) });

    expect(readGenerationMetadata(webp)).toMatchObject({ generator: 'unknown' });
  });

  it('is no generation metadata when the manifest does not declare a generated image (a camera)', async () => {
    const camera = c2paManifestStore({ claim_generator: 'Google Pixel Camera', assertions: [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' }] } }] });

    expect(readGenerationMetadata(await jpegWithSegments(...app11Segments(camera, 4000)))).toBeUndefined();
  });
});

describe('text that is not generation data', () => {
  it('reads nothing from screenshot, GIMP and phone-camera descriptions', async () => {
    const files = [
      await jpegWithSegments(xmpSegment(xmpPacket({ userComment: 'Screenshot' }))),
      await pngWithChunks(textChunk('Comment', 'Created with GIMP'), textChunk('Software', 'GIMP 2.10.36')),
      await jpegWithSegments(exifSegment(exifTiff({ software: 'GIMP 2.10.36', userComment: asciiUserComment('Created with GIMP') }))),
      await jpegWithSegments(exifSegment(exifTiff({ make: 'samsung', model: 'SM-S918B', imageDescription: 'Sunset at the beach', software: 'S918BXXU3BWK5' }))),
      await jpegWithSegments(exifSegment(exifTiff({ make: 'HUAWEI', imageDescription: 'sdr_hdr_mode,fl_auto', userComment: unicodeUserComment('portrait', 'little') }))),
      await pngWithChunks(textChunk('Description', 'Screenshot'), textChunk('Software', 'gnome-screenshot')),
      await jpegWithSegments(commentSegment('Created with GIMP')),
    ];

    for (const file of files) expect(readGenerationMetadata(file)).toBeUndefined();
  });
});
