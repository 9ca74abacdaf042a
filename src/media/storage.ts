import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  size: number;
  contentType: string;
}

/**
 * Where thumbnails, previews and user images live. Keys are content-addressed
 * (derived from a hash of the bytes), so an object never changes once written.
 */
export interface MediaStorage {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  exists(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<void>;
}
