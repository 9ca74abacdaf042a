import sharp from 'sharp';
import { PayloadTooLargeError, UnprocessableMediaError } from '../errors.ts';

/** Avatars are small squares: big enough for a 2× header menu, nothing more is kept. */
export const AVATAR_SIDE = 256;
export const AVATAR_MAX_INPUT_BYTES = 5 * 1024 * 1024;
const AVATAR_MAX_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);

/** The sharp adapter for avatars: untrusted bytes in, a metadata-free square WebP out. */
export interface AvatarImages {
  toAvatarWebp(bytes: Buffer): Promise<Buffer>;
}

export function createAvatarImages(): AvatarImages {
  return {
    async toAvatarWebp(bytes) {
      if (bytes.byteLength > AVATAR_MAX_INPUT_BYTES) throw new PayloadTooLargeError('The picture is larger than 5 MB', 'avatar');
      let format: string | undefined;
      try {
        format = (await sharp(bytes, { limitInputPixels: AVATAR_MAX_PIXELS }).metadata()).format;
      } catch {
        throw new UnprocessableMediaError('That file is not a picture we can read', 'avatar');
      }
      if (!format || !ACCEPTED_FORMATS.has(format)) throw new UnprocessableMediaError('Use a JPEG, PNG, WebP, GIF or AVIF picture', 'avatar');
      try {
        // Re-encoded from pixels, so no EXIF (GPS…) survives; rotate() applies the orientation first.
        return await sharp(bytes, { limitInputPixels: AVATAR_MAX_PIXELS })
          .rotate()
          .resize(AVATAR_SIDE, AVATAR_SIDE, { fit: 'cover', position: 'attention' })
          .webp({ quality: 82 })
          .toBuffer();
      } catch {
        throw new UnprocessableMediaError('That picture could not be processed', 'avatar');
      }
    },
  };
}
