import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { MEDIA_CONTENT_TYPE, assertMediaKey } from './media-keys.ts';
import type { MediaStorage, StoredObject } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible services (MinIO, R2, B2…); unset means AWS itself. */
  endpoint?: string;
  /** Unset: the SDK's default chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface S3Storage extends MediaStorage {
  /** Closes the client's sockets; call when the app stops. */
  destroy(): void;
}

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH_SIZE = 1000;

/** Objects never change under a key, so whatever serves them straight from the bucket may cache them forever. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export function createS3Storage(options: S3StorageOptions): S3Storage {
  const usesCustomEndpoint = options.endpoint !== undefined;
  const client = new S3Client({
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(usesCustomEndpoint
      ? {
          endpoint: options.endpoint,
          // Most S3-compatible services address buckets by path, not by sub-domain, and several
          // reject the SDK's newer default checksums; send those only where S3 requires them.
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
  const bucket = options.bucket;

  return {
    async put(key, body, contentType) {
      assertMediaKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.byteLength,
          CacheControl: IMMUTABLE_CACHE_CONTROL,
        }),
      );
    },

    async get(key): Promise<StoredObject | undefined> {
      assertMediaKey(key);
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(ignoreMissing);
      if (!response) return undefined;
      const body = response.Body;
      if (!(body instanceof Readable) || response.ContentLength === undefined) {
        if (body instanceof Readable) body.destroy();
        throw new Error(`S3 returned no streamable body or length for ${key}`);
      }
      return { body, size: response.ContentLength, contentType: response.ContentType ?? MEDIA_CONTENT_TYPE };
    },

    async exists(key) {
      assertMediaKey(key);
      const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(ignoreMissing);
      return response !== undefined;
    },

    async delete(keys) {
      keys.forEach(assertMediaKey);
      for (let start = 0; start < keys.length; start += DELETE_BATCH_SIZE) {
        const batch = keys.slice(start, start + DELETE_BATCH_SIZE);
        // Deleting a missing key succeeds in S3, so only real failures come back in Errors.
        const response = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((key) => ({ Key: key })), Quiet: true },
          }),
        );
        const failure = response.Errors?.[0];
        if (failure) {
          throw new Error(`S3 could not delete ${response.Errors?.length} object(s), first ${failure.Key}: ${failure.Code} ${failure.Message}`);
        }
      }
    },

    destroy() {
      client.destroy();
    },
  };
}

/**
 * GetObject reports a missing key as NoSuchKey (a missing bucket stays an error). HeadObject
 * has no body to carry a code, so any 404 comes back as NotFound, missing bucket included.
 */
function ignoreMissing(error: unknown): undefined {
  if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
  throw error;
}
