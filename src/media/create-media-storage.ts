import path from 'node:path';
import type { Config } from '../config.ts';
import { createLocalDiskStorage } from './local-disk-storage.ts';
import type { MediaStorage } from './storage.ts';

type StorageConfig = Pick<
  Config,
  'STORAGE' | 'DATA_DIR' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
>;

/**
 * Picks the storage adapter the configuration names: files under DATA_DIR/media, or an S3 bucket.
 * The S3 client is loaded only when used (tens of megabytes every serving process would carry).
 */
export async function createMediaStorage(config: StorageConfig): Promise<MediaStorage> {
  if (config.STORAGE === 'local') return createLocalDiskStorage(path.join(config.DATA_DIR, 'media'));
  // loadConfig already refuses STORAGE=s3 without a bucket; this guards other callers.
  if (!config.S3_BUCKET) throw new Error('S3_BUCKET is required when STORAGE=s3');
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  const { createS3Storage } = await import('./s3-storage.ts');
  return createS3Storage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    // Without both keys the SDK's default chain applies (environment, instance role…).
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}
