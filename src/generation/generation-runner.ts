import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { insertGalleryItem } from '../gallery/gallery.repository.ts';
import type { GalleryService, StoredGalleryImage } from '../gallery/gallery.service.ts';
import type { Logger } from '../logger.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { GenerationBilling } from './generation-billing.ts';
import type { ModelCatalogue } from './models/model-catalogue.ts';
import type { GenerationRow } from './generation-tables.ts';
import { countGenerationsInStatus, findGenerationForJob, finishGeneration, lockAccountGenerations, markGenerationRunning, requeueGeneration } from './generation.repository.ts';
import type { GenerationQueue } from './generation-queue.ts';
import { ProviderError } from './providers/image-provider.ts';

/** A first attempt that fails transiently (or dies with its worker) gets one more; then the job fails. */
export const MAX_ATTEMPTS = 2;
/** How long a job that found its owner at the running limit waits before asking again. */
const BUSY_RETRY_SECONDS = 2;

export interface GenerationRunnerDeps {
  db: Db;
  models: ModelCatalogue;
  gallery: GalleryService;
  billing: GenerationBilling;
  storage: MediaStorage;
  queue: GenerationQueue;
  clock: Clock;
  logger: Logger;
  runningLimitPerAccount: number;
  jobTimeoutMs: number;
}

export type GenerationRunner = ReturnType<typeof createGenerationRunner>;

class SupersededAttemptError extends Error {}

/**
 * The queue's job handler. It reloads the generation, claims it (respecting the per-account
 * running limit), calls the provider, stores the image and records the gallery item. Every end
 * state is reached through finishGeneration, whose guarded UPDATE is what makes billing and
 * refunds happen exactly once however often the job is delivered.
 */
export function createGenerationRunner(deps: GenerationRunnerDeps) {
  const { db, clock, logger, billing } = deps;
  /** Jobs running in this process, so that a cancel here stops the provider call at once. */
  const inFlight = new Map<string, AbortController>();

  async function claim(generationId: string): Promise<GenerationRow | 'busy' | undefined> {
    return db.transaction().execute(async (trx) => {
      const row = await findGenerationForJob(trx, generationId);
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
      await lockAccountGenerations(trx, row.account_id);
      const running = await countGenerationsInStatus(trx, row.account_id, 'running', generationId);
      if (running >= deps.runningLimitPerAccount) return 'busy';
      return markGenerationRunning(trx, generationId, clock.now());
    });
  }

  /** Ends a generation as failed; refunds only if this call made the transition. */
  async function fail(generationId: string, message: string, attempt?: number): Promise<void> {
    const finished = await finishGeneration(db, generationId, { from: ['queued', 'running'], to: 'failed', error: message, now: clock.now(), ...(attempt !== undefined ? { attempt } : {}) });
    if (!finished) return;
    await billing.refund(generationId);
    await releaseReference(finished.reference_key);
  }

  async function releaseReference(key: string | null): Promise<void> {
    if (key) await deps.gallery.releaseFiles([key]);
  }

  async function readReference(key: string | null): Promise<Buffer | null> {
    if (!key) return null;
    const object = await deps.storage.get(key);
    if (!object) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  async function succeed(row: GenerationRow, image: StoredGalleryImage, seed: number): Promise<void> {
    try {
      const finished = await db.transaction().execute(async (trx) => {
        const galleryItemId = await insertGalleryItem(trx, {
          account_id: row.account_id,
          prompt: row.prompt ?? '',
          negative_prompt: row.negative_prompt,
          model: row.model,
          aspect: row.aspect,
          seed,
          artwork_id: row.artwork_id,
          width: image.width,
          height: image.height,
          placeholder: image.placeholder,
          full_key: image.fullKey,
          thumbnail_key: image.thumbnailKey,
          preview_key: image.previewKey,
        });
        const done = await finishGeneration(trx, row.id, { from: ['running'], to: 'succeeded', attempt: row.attempt, galleryItemId, now: clock.now() });
        // Canceled, or retried by another worker meanwhile: this attempt's result is dropped.
        if (!done) throw new SupersededAttemptError();
        return done;
      });
      await billing.settle(row.id);
      await releaseReference(finished.reference_key);
    } catch (error) {
      if (!(error instanceof SupersededAttemptError)) throw error;
      await deps.gallery.releaseFiles([image.fullKey, image.thumbnailKey, image.previewKey]);
    }
  }

  async function execute(row: GenerationRow): Promise<void> {
    const controller = new AbortController();
    inFlight.set(row.id, controller);
    const timeout = setTimeout(() => controller.abort(new ProviderError('The provider took too long', 'transient')), deps.jobTimeoutMs);
    try {
      if (!deps.models.get(row.model)) throw new ProviderError('This model is no longer offered', 'permanent');
      const { width, height } = deps.models.sizeFor(row.model, row.aspect);
      const generated = await deps.models.providerFor(row.model).generate({
        prompt: row.prompt ?? '',
        negativePrompt: row.negative_prompt,
        providerModel: deps.models.providerModelFor(row.model),
        aspect: row.aspect,
        width,
        height,
        seed: Number(row.seed),
        referenceImage: await readReference(row.reference_key),
        signal: controller.signal,
      });
      const image = await deps.gallery.storeGeneratedImage(generated.data);
      await succeed(row, image, generated.seed ?? Number(row.seed));
    } finally {
      clearTimeout(timeout);
      inFlight.delete(row.id);
    }
  }

  return {
    async run(generationId: string): Promise<void> {
      const claimed = await claim(generationId);
      if (claimed === undefined) return; // already ended (canceled, or finished by an earlier delivery)
      if (claimed === 'busy') {
        await deps.queue.enqueue(generationId, { startAfterSeconds: BUSY_RETRY_SECONDS });
        return;
      }
      if (claimed.attempt > MAX_ATTEMPTS) {
        await fail(generationId, 'The job was interrupted too often', claimed.attempt);
        return;
      }
      try {
        await execute(claimed);
      } catch (error) {
        const log = logger.child({ generationId, attempt: claimed.attempt });
        const transient = !(error instanceof ProviderError) || error.kind === 'transient';
        if (transient && claimed.attempt < MAX_ATTEMPTS && (await requeueGeneration(db, generationId, claimed.attempt, describe(error)))) {
          log.warn({ err: error }, 'generation failed; the queue retries it once');
          throw error;
        }
        log.warn({ err: error }, 'generation failed');
        await fail(generationId, describe(error), claimed.attempt);
      }
    },

    abandon: (generationId: string) => fail(generationId, 'The worker running this job stopped'),

    /** Stops the provider call if the job runs in this process; the guarded UPDATE covers the rest. */
    abortLocal(generationId: string): void {
      inFlight.get(generationId)?.abort(new Error('canceled'));
    },
  };
}

/** What the owner is told: a provider's own message, otherwise nothing internal. */
function describe(error: unknown): string {
  if (error instanceof ProviderError) return error.message.slice(0, 500);
  return 'The image could not be generated';
}
