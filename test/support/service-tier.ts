import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createArtworkService, type ArtworkService } from '../../src/artworks/artwork.service.ts';
import { insertAccount } from '../../src/accounts/account.repository.ts';
import type { AccountRole } from '../../src/accounts/account-tables.ts';
import { createIdentifierHasher, type IdentifierHasher } from '../../src/auth/identifier-hasher.ts';
import { systemClock, type Clock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/connect.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { createRateLimiter, type RateLimiter } from '../../src/rate-limits/rate-limiter.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createImageAdapter, type ImageAdapter } from '../../src/media/image-adapter.ts';
import { createMediaStorage } from '../../src/media/create-media-storage.ts';
import { mediaLimitsFromConfig } from '../../src/media/media-limits.ts';
import { createMediaService, mediaUrl, type MediaService } from '../../src/media/media.service.ts';
import type { MediaStorage } from '../../src/media/storage.ts';
import { PostgresSearchIndex } from '../../src/search/postgres/postgres-search-index.ts';
import { createSecurityLog, type SecurityLog } from '../../src/security-log/security-log.service.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/**
 * The service tier (as Immich's "medium" tests): a feature's services built directly on their own
 * cloned database with the real adapters the app would pass them (files in a temporary DATA_DIR,
 * the built-in search engine, the outbox mailer), but no Express, no listening port and no
 * background jobs. For checks about service rules where HTTP adds nothing; what routes add (status
 * codes, validation, sign-in) stays in the HTTP tests.
 */
export interface ServiceTier {
  config: Config;
  db: Db;
  database: TestDatabase;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  storage: MediaStorage;
  images: ImageAdapter;
  media: MediaService;
  searchIndex: PostgresSearchIndex;
  artworks: ArtworkService;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  securityLog: SecurityLog;
  close(): Promise<void>;
}

export async function openServiceTier(env: Record<string, string> = {}, { clock = systemClock }: { clock?: Clock } = {}): Promise<ServiceTier> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-services-'));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent', SEED_DEMO: 'never', ...env });
  const { db } = database;
  const logger = createLogger('silent');
  const storage = await createMediaStorage(config);
  const images = createImageAdapter(mediaLimitsFromConfig(config));
  const media = createMediaService({ storage, images });
  const searchIndex = new PostgresSearchIndex(db);
  const hasher = createIdentifierHasher(randomBytes(32).toString('hex'));
  return {
    config,
    db,
    database,
    dataDir,
    clock,
    logger,
    storage,
    images,
    media,
    searchIndex,
    artworks: createArtworkService({ db, media, searchIndex, mediaUrl, logger }),
    mailer: createMailer(config, { clock, logger }),
    rateLimiter: createRateLimiter({ db, clock }),
    hasher,
    securityLog: createSecurityLog({ db, hasher, clock, logger, retentionDays: config.SECURITY_LOG_RETENTION_DAYS }),
    async close() {
      await searchIndex.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let accountCounter = 0;

/** An account row of its own (verified, no password): services take account ids, not sessions. */
export async function insertTestAccount(db: Db, role: AccountRole = 'user'): Promise<string> {
  accountCounter += 1;
  const email = `service-${process.pid}-${accountCounter}-${randomBytes(4).toString('hex')}@example.com`;
  const row = await insertAccount(db, { email, email_verified_at: new Date(), role });
  if (!row) throw new Error(`account ${email} already exists`);
  return row.id;
}
