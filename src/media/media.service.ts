import type { ImageAdapter } from './image-adapter.ts';
import { MEDIA_CONTENT_TYPE, mediaKeyFor, type MediaKind } from './media-keys.ts';
import type { MediaStorage } from './storage.ts';

export { mediaUrl } from './media-keys.ts';

/** What the artwork index records about an image once its derivatives are stored. */
export interface StoredImage {
  sha256: string;
  phash: bigint;
  placeholder: string;
  width: number;
  height: number;
  format: string;
  thumbnailKey: string;
  previewKey: string;
}

export type MediaService = ReturnType<typeof createMediaService>;

export function createMediaService({ storage, images }: { storage: MediaStorage; images: Pick<ImageAdapter, 'derivatives'> }) {
  /** Keys are content-addressed, so bytes already stored under their key need no second upload. */
  async function store(kind: MediaKind, bytes: Buffer): Promise<string> {
    const key = mediaKeyFor(kind, bytes);
    if (!(await storage.exists(key))) await storage.put(key, bytes, MEDIA_CONTENT_TYPE);
    return key;
  }

  return {
    /**
     * Validates and processes untrusted image bytes, stores the thumbnail and preview, and
     * returns what to record. Throws PayloadTooLargeError or UnprocessableMediaError for bad input.
     */
    async ingestImage(bytes: Buffer, options: { private?: boolean } = {}): Promise<StoredImage> {
      const image = await images.derivatives(bytes);
      // Users' own images get keys /media refuses to serve; their routes check ownership instead.
      const [thumbnailKey, previewKey] = await Promise.all([
        store(options.private ? 'private' : 'thumb', image.thumbnail.data),
        store(options.private ? 'private' : 'preview', image.preview.data),
      ]);
      return {
        sha256: image.sha256,
        phash: image.phash,
        placeholder: image.placeholder,
        width: image.width,
        height: image.height,
        format: image.format,
        thumbnailKey,
        previewKey,
      };
    },

    /** Removes stored derivatives (replaced or taken down); keys already gone are fine. */
    async delete(keys: string[]): Promise<void> {
      if (keys.length > 0) await storage.delete(keys);
    },
  };
}
