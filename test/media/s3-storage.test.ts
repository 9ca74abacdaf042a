import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage, type S3Storage, type S3StorageOptions } from '../../src/media/s3-storage.ts';
import { describeMediaStorageContract, sampleObject } from './storage-contract.ts';
import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { createEncryptedMediaStorage } from '../../src/media/encrypted-storage.ts';
import { mediaKeyFor } from '../../src/media/media-keys.ts';
import { registerMasterKey } from '../../src/media/media-object-keys.repository.ts';
import { createObjectKeyWrapping } from '../../src/media/object-key-wrapping.ts';
import { fixedKeyring, masterKeyFrom } from '../../src/media/storage-master-keys.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1, objects kept in a scratch directory.
 * It knows the access key below and refuses others (it does not verify SigV4 signatures).
 * Served through our own http.Server so the tests can see which requests arrive.
 */
const BUCKET = 'artsift-media';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let scratch: string;
let httpServer: Server;
const requests: string[] = [];
let options: S3StorageOptions;
let storage: S3Storage;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-s3-'));
  const s3rver = new S3rver({ silent: true, directory: scratch, configureBuckets: [{ name: BUCKET, configs: [] }] });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  httpServer = createServer((req, res) => {
    res.on('finish', () => requests.push(`${req.method} ${req.url} ${res.statusCode}`));
    handle(req, res);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  options = { bucket: BUCKET, region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials };
  storage = createS3Storage(options);
});

afterAll(async () => {
  storage?.destroy();
  if (httpServer) await new Promise((resolve) => httpServer.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

describeMediaStorageContract('S3 storage', () => storage);

describe('S3 storage', () => {
  it('stores objects under their key with the content type and an immutable Cache-Control', async () => {
    const { key, bytes } = sampleObject();
    await storage.put(key, bytes, 'image/webp');
    const client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true, credentials });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(object.ContentType).toBe('image/webp');
      expect(object.CacheControl).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes);
    } finally {
      client.destroy();
    }
  });

  it('deletes more keys than one DeleteObjects request takes', async () => {
    const objects = Array.from({ length: 1003 }, () => sampleObject());
    for (let start = 0; start < objects.length; start += 50) {
      await Promise.all(objects.slice(start, start + 50).map(({ key, bytes }) => storage.put(key, bytes, 'image/webp')));
    }
    requests.length = 0;
    await storage.delete(objects.map(({ key }) => key));
    // One request per batch of at most 1000 keys. (s3rver sometimes answers a large batch with a
    // 500 when it races itself tidying directories; the SDK's retry then succeeds.)
    expect(requests.filter((request) => request.endsWith(' 200'))).toEqual([
      `POST /${BUCKET}/?delete= 200`,
      `POST /${BUCKET}/?delete= 200`,
    ]);
    const leftovers = await Promise.all([objects[0], objects[999], objects[1000], objects[1002]].map((o) => storage.exists(o!.key)));
    expect(leftovers).toEqual([false, false, false, false]);
  }, 60_000);

  it('reports a missing bucket as an error, not as a missing object', async () => {
    const wrongBucket = createS3Storage({ ...options, bucket: 'no-such-bucket' });
    try {
      // (exists cannot tell: S3 answers a HEAD for either with a bare 404.)
      await expect(wrongBucket.get(sampleObject().key)).rejects.toThrow(/bucket/i);
    } finally {
      wrongBucket.destroy();
    }
  });

  it('sends the configured credentials', async () => {
    const unknownKey = createS3Storage({ ...options, credentials: { accessKeyId: 'UNKNOWN', secretAccessKey: 'whatever' } });
    try {
      const { key, bytes } = sampleObject();
      await expect(unknownKey.put(key, bytes, 'image/webp')).rejects.toThrow(/Access Key Id/);
    } finally {
      unknownKey.destroy();
    }
  });
});

describe('S3 storage behind encryption of private files', () => {
  it('stores a private object as ciphertext in the bucket and reads it back plain', async () => {
    const database = await createTestDatabase();
    try {
      const keyring = fixedKeyring([], masterKeyFrom(randomBytes(32)), 'environment');
      await registerMasterKey(database.db, keyring.current().id);
      const encrypted = createEncryptedMediaStorage({ backend: storage, db: database.db, keyring, wrapping: createObjectKeyWrapping(keyring) });
      const bytes = Buffer.from(`private ${Math.random()}`);
      const key = mediaKeyFor('private', bytes);
      await encrypted.put(key, bytes, 'image/webp');
      const raw = await buffer((await storage.get(key))!.body);
      expect(raw.includes(bytes)).toBe(false);
      expect(raw.subarray(0, 4).toString()).toBe('ASE1');
      expect(await buffer((await encrypted.get(key))!.body)).toEqual(bytes);
    } finally {
      await database.drop();
    }
  });
});
