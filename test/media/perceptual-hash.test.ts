import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage } from '../../src/media/image-pipeline.ts';
import { hammingDistance, perceptualHash, PHASH_INPUT_SIDE } from '../../src/media/perceptual-hash.ts';
import { sceneImage } from './fixtures.ts';

const limits = { maxInputBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };
const phashOf = async (image: Buffer) => (await processImage(image, limits)).phash;

describe('hammingDistance', () => {
  it('counts differing bits across the whole signed 64-bit range', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(0n, -1n)).toBe(64);
    expect(hammingDistance(-(2n ** 63n), 0n)).toBe(1);
    expect(hammingDistance(0b1011n, 0b0110n)).toBe(3);
  });
});

describe('perceptualHash', () => {
  const side = PHASH_INPUT_SIDE;

  it('returns a signed 64-bit value', () => {
    const gradient = Uint8Array.from({ length: side * side }, (_, i) => (i % side) * 8);
    const hash = perceptualHash(gradient);
    expect(hash).toBe(BigInt.asIntN(64, hash));
  });

  it('ignores overall brightness', () => {
    const pattern = Uint8Array.from({ length: side * side }, (_, i) => ((i * 7919) % 97) + 20);
    const brighter = pattern.map((value) => value + 100);
    expect(perceptualHash(brighter)).toBe(perceptualHash(pattern));
  });

  it('refuses input of the wrong size', () => {
    expect(() => perceptualHash(new Uint8Array(100))).toThrow(RangeError);
  });
});

describe('perceptual hash of real images', () => {
  it('barely moves when the image is re-encoded as JPEG q70 and resized by 10%', async () => {
    for (const seed of [1, 2, 3]) {
      const original = await sceneImage(seed);
      const altered = await sharp(original).resize({ width: 720 }).jpeg({ quality: 70 }).toBuffer();
      expect(hammingDistance(await phashOf(original), await phashOf(altered))).toBeLessThanOrEqual(6);
    }
  });

  it('keeps unrelated images far apart', async () => {
    const hashes = await Promise.all([11, 12, 13, 14].map(async (seed) => phashOf(await sceneImage(seed))));
    for (let i = 0; i < hashes.length; i += 1) {
      for (let j = i + 1; j < hashes.length; j += 1) {
        expect(hammingDistance(hashes[i] as bigint, hashes[j] as bigint)).toBeGreaterThan(20);
      }
    }
  });
});
