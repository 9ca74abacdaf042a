import sharp from 'sharp';
import { checkImageInput, decodeOptions, unprocessable } from './image-input.ts';
import { processImage, type ProcessedImage } from './image-pipeline.ts';
import type { MediaLimits } from './media-limits.ts';

/** Avatars are small squares: big enough for a 2× header menu, nothing more is kept. */
export const AVATAR_SIDE = 256;
const AVATAR_LIMITS: MediaLimits = { maxInputBytes: 5 * 1024 * 1024, maxPixels: 40_000_000 };
const AVATAR_QUALITY = 82;
const FULL_SIZE_QUALITY = 95;

/**
 * The one adapter over sharp for untrusted images, made once in src/app.ts: every use goes through
 * the same gate (image-input.ts: byte size, format list, pixel limit) and is re-encoded from pixels,
 * so no metadata (EXIF, GPS, ICC, XMP) from the original survives.
 */
export interface ImageAdapter {
  /** Thumbnail, preview, placeholder and hashes for the index (image-pipeline.ts). */
  derivatives(input: Buffer): Promise<ProcessedImage>;
  /** A square WebP avatar, cropped to what draws the eye. Errors name the `avatar` field. */
  avatarWebp(input: Buffer): Promise<Buffer>;
  /** A generated image at full size for download: oriented sRGB WebP at high quality. */
  fullSizeWebp(input: Buffer): Promise<Buffer>;
}

export function createImageAdapter(limits: MediaLimits): ImageAdapter {
  // An avatar never needs more than the media limits allow, and usually much less.
  const avatarLimits: MediaLimits = {
    maxInputBytes: Math.min(AVATAR_LIMITS.maxInputBytes, limits.maxInputBytes),
    maxPixels: Math.min(AVATAR_LIMITS.maxPixels, limits.maxPixels),
  };

  return {
    derivatives: (input) => processImage(input, limits),

    async avatarWebp(input) {
      await checkImageInput(input, avatarLimits, 'avatar');
      try {
        return await sharp(input, decodeOptions(avatarLimits))
          .resize(AVATAR_SIDE, AVATAR_SIDE, { fit: 'cover', position: 'attention' })
          .webp({ quality: AVATAR_QUALITY })
          .toBuffer();
      } catch (error) {
        throw unprocessable('That picture could not be processed', error, 'avatar');
      }
    },

    async fullSizeWebp(input) {
      await checkImageInput(input, limits);
      try {
        return await sharp(input, decodeOptions(limits)).toColourspace('srgb').webp({ quality: FULL_SIZE_QUALITY }).toBuffer();
      } catch (error) {
        throw unprocessable('The image could not be decoded: it is truncated or corrupt', error);
      }
    },
  };
}
