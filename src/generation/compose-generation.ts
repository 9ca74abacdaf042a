import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { registerGalleryAccountData } from '../gallery/gallery-account-data.ts';
import { createGalleryService } from '../gallery/gallery.service.ts';
import type { Logger } from '../logger.ts';
import type { ImageAdapter } from '../media/image-adapter.ts';
import type { MediaService } from '../media/media.service.ts';
import type { MediaStorage } from '../media/storage.ts';
import { freeBilling, type GenerationBilling } from './generation-billing.ts';
import { createPgBossGenerationQueue } from './generation-queue.ts';
import { createGenerationRunner } from './generation-runner.ts';
import { createGenerationService } from './generation.service.ts';
import type { ModelCatalogue } from './models/model-catalogue.ts';

export type Generation = ReturnType<typeof composeGeneration>;

export interface GenerationDeps {
  config: Config;
  db: Db;
  /** The database the queue connects to (DATABASE_URL or the embedded server's). */
  connectionString: string;
  clock: Clock;
  logger: Logger;
  storage: MediaStorage;
  media: MediaService;
  images: ImageAdapter;
  models: ModelCatalogue;
  registry: AccountDataRegistry;
  /** The credits feature passes its ledger-backed billing here. */
  billing?: GenerationBilling;
}

/** Wires generation and galleries for src/app.ts: queue, job runner, services, account data. */
export function composeGeneration({ config, db, connectionString, clock, logger, storage, media, images, models, registry, billing = freeBilling }: GenerationDeps) {
  const queue = createPgBossGenerationQueue({
    connectionString,
    // Beyond the provider timeout, so only a worker that is really gone loses its job.
    jobExpirySeconds: config.GENERATION_JOB_TIMEOUT_SECONDS + Math.min(30, config.GENERATION_JOB_TIMEOUT_SECONDS),
    maintenanceIntervalSeconds: config.GENERATION_QUEUE_MAINTENANCE_SECONDS,
    pollingIntervalSeconds: config.GENERATION_QUEUE_POLL_SECONDS,
    logger,
  });
  const gallery = createGalleryService({ db, storage, media, images, logger });
  const runner = createGenerationRunner({
    db,
    models,
    gallery,
    billing,
    storage,
    queue,
    clock,
    logger,
    runningLimitPerAccount: config.GENERATION_RUNNING_PER_USER,
    jobTimeoutMs: config.GENERATION_JOB_TIMEOUT_SECONDS * 1000,
  });
  const generations = createGenerationService({
    db,
    models,
    queue,
    runner,
    billing,
    media,
    gallery,
    clock,
    queuedLimitPerAccount: config.GENERATION_QUEUED_PER_USER,
    referenceImageMaxBytes: config.GENERATION_REFERENCE_MAX_BYTES,
  });
  registerGalleryAccountData(registry, { db, storage, gallery });

  return {
    generations,
    gallery,
    queue,
    runner,
    /** Starts job workers in this process (the server with GENERATION_WORKER=on, or `npm run worker`). */
    startWorkers: () => queue.startWorkers(runner, config.GENERATION_CONCURRENCY),
    close: () => queue.stop(),
  };
}
