import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { thumbHashToApproximateAspectRatio, thumbHashToRGBA } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnprocessableMediaError } from '../../src/errors.ts';
import { processImage } from '../../src/media/image-pipeline.ts';
import { exifRotatedJpeg, jpegWithMetadata, pngDeclaring, sceneImage } from './fixtures.ts';

const limits = { maxInputBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };

describe('processImage', () => {
  it.each([
    ['jpeg', (image: Sharp) => image.jpeg()],
    ['png', (image: Sharp) => image.png()],
    ['webp', (image: Sharp) => image.webp()],
    ['gif', (image: Sharp) => image.gif()],
    ['avif', (image: Sharp) => image.avif({ effort: 0 })],
    ['tiff', (image: Sharp) => image.tiff()],
  ])('accepts %s and reports its format and size', async (format, encode) => {
    const input = await encode(sharp(await sceneImage(1, 1600, 1000))).toBuffer();
    const result = await processImage(input, limits);
    expect(result.format).toBe(format);
    expect({ width: result.width, height: result.height }).toEqual({ width: 1600, height: 1000 });
    expect({ width: result.preview.width, height: result.preview.height }).toEqual({ width: 1280, height: 800 });
    expect({ width: result.thumbnail.width, height: result.thumbnail.height }).toEqual({ width: 400, height: 250 });
  });

  it('outputs WebP derivatives whose recorded sizes match their pixels', async () => {
    const result = await processImage(await sceneImage(2, 1000, 2000), limits);
    for (const derivative of [result.thumbnail, result.preview]) {
      const metadata = await sharp(derivative.data).metadata();
      expect(metadata.format).toBe('webp');
      expect({ width: metadata.width, height: metadata.height }).toEqual({ width: derivative.width, height: derivative.height });
    }
    expect(result.preview).toMatchObject({ width: 640, height: 1280 });
    expect(result.thumbnail).toMatchObject({ width: 400, height: 800 });
  });

  it('never enlarges a small image', async () => {
    const result = await processImage(await sceneImage(3, 300, 200), limits);
    expect(result.preview).toMatchObject({ width: 300, height: 200 });
    expect(result.thumbnail).toMatchObject({ width: 300, height: 200 });
  });

  it('applies the EXIF orientation', async () => {
    const result = await processImage(await exifRotatedJpeg(), limits);
    expect({ width: result.width, height: result.height }).toEqual({ width: 200, height: 300 });
    expect(result.preview).toMatchObject({ width: 200, height: 300 });
    const { data, info } = await sharp(result.preview.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixelAt = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    const [topRed, , topBlue] = pixelAt(100, 40);
    const [bottomRed, , bottomBlue] = pixelAt(100, 260);
    expect(topRed).toBeGreaterThan(200);
    expect(topBlue).toBeLessThan(60);
    expect(bottomBlue).toBeGreaterThan(200);
    expect(bottomRed).toBeLessThan(60);
  });

  it('strips EXIF, ICC and XMP from every output', async () => {
    const input = await jpegWithMetadata();
    const inputMetadata = await sharp(input).metadata();
    expect(inputMetadata.exif && inputMetadata.icc && inputMetadata.xmp).toBeTruthy();
    const result = await processImage(input, limits);
    for (const derivative of [result.thumbnail, result.preview]) {
      const metadata = await sharp(derivative.data).metadata();
      expect([metadata.exif, metadata.icc, metadata.xmp, metadata.iptc]).toEqual([undefined, undefined, undefined, undefined]);
      expect(metadata.hasProfile).toBe(false);
      expect(derivative.data.includes('Secret Camera')).toBe(false);
    }
  });

  it('converts CMYK to sRGB', async () => {
    const cmyk = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const result = await processImage(cmyk, limits);
    const { data, info } = await sharp(result.preview.data).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect(data[0]).toBeGreaterThan(200);
    expect(data[1]).toBeLessThan(60);
  });

  it('keeps transparency in the derivatives', async () => {
    const transparent = await sharp({ create: { width: 500, height: 500, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const result = await processImage(transparent, limits);
    expect((await sharp(result.thumbnail.data).metadata()).hasAlpha).toBe(true);
  });

  it('hashes the original bytes with SHA-256', async () => {
    const input = await sceneImage(4, 400, 400);
    const result = await processImage(input, limits);
    expect(result.sha256).toBe(createHash('sha256').update(input).digest('hex'));
  });

  it('produces a thumbhash placeholder that decodes to the image shape', async () => {
    const result = await processImage(await sceneImage(5, 900, 450), limits);
    const hash = Buffer.from(result.placeholder, 'base64');
    const decoded = thumbHashToRGBA(hash);
    expect(decoded.rgba.length).toBe(decoded.w * decoded.h * 4);
    expect(thumbHashToApproximateAspectRatio(hash)).toBeCloseTo(2, 0);
  });

  it('returns a perceptual hash that fits a signed 64-bit column', async () => {
    const { phash } = await processImage(await sceneImage(6), limits);
    expect(phash).toBe(BigInt.asIntN(64, phash));
  });

  describe('refuses', () => {
    it('input larger than the byte limit, before reading it', async () => {
      const input = await sceneImage(8, 400, 400);
      await expect(processImage(input, { ...limits, maxInputBytes: input.length - 1 })).rejects.toThrow(PayloadTooLargeError);
    });

    it('a decompression bomb from its header, quickly', async () => {
      const bomb = pngDeclaring(20_000, 20_000);
      expect(bomb.length).toBeLessThan(2_000);
      const started = performance.now();
      await expect(processImage(bomb, limits)).rejects.toThrow(/20000×20000 pixels.*limit is 50\.0 megapixels/);
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('an ordinary image over a lowered pixel limit', async () => {
      const input = await sceneImage(9, 200, 200);
      await expect(processImage(input, { ...limits, maxPixels: 39_999 })).rejects.toThrow(UnprocessableMediaError);
    });

    it.each([
      ['a text file', Buffer.from('Just some words, certainly not a picture.\n')],
      ['an empty file', Buffer.alloc(0)],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ])('%s', async (_name, input) => {
      await expect(processImage(input, limits)).rejects.toThrow(/not an image in a supported format/);
    });

    it('SVG', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle r="40" cx="50" cy="50"/></svg>');
      await expect(processImage(svg, limits)).rejects.toThrow(/SVG format are not accepted/);
    });

    it('a truncated JPEG', async () => {
      const jpeg = await sharp(await sceneImage(10, 800, 600)).jpeg().toBuffer();
      const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
      await expect(processImage(truncated, limits)).rejects.toThrow(/truncated or corrupt/);
    });

    it('a truncated PNG', async () => {
      const png = await sceneImage(10, 800, 600);
      await expect(processImage(png.subarray(0, png.length - 100), limits)).rejects.toThrow(UnprocessableMediaError);
    });
  });
});
