import sharp from 'sharp';

/**
 * Encodes a generated image at full size for download. The media pipeline has already checked
 * the same bytes (format, pixel limit), so this only re-encodes: WebP at high quality, oriented,
 * with no metadata carried over from the provider.
 */
export type FullImageEncoder = (image: Buffer, maxPixels: number) => Promise<Buffer>;

export const encodeFullImageWebp: FullImageEncoder = (image, maxPixels) =>
  sharp(image, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true }).toColourspace('srgb').webp({ quality: 95 }).toBuffer();
