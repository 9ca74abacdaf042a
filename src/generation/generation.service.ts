import { randomInt } from 'node:crypto';
import type { GenerationResponse } from './generation-response.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, NotFoundError, PayloadTooLargeError, RateLimitedError, ValidationError } from '../errors.ts';
import type { GalleryService } from '../gallery/gallery.service.ts';
import type { MediaService } from '../media/media.service.ts';
import type { GenerationBilling } from './generation-billing.ts';
import { SEED_MAX, type GenerationRequest } from './generation-input.ts';
import type { ModelCatalogue } from './models/model-catalogue.ts';
import type { GenerationQueue } from './generation-queue.ts';
import type { GenerationRunner } from './generation-runner.ts';
import type { GenerationStatus } from './generation-tables.ts';
import { artworkExists, countGenerationsInStatus, findGenerationForOwner, finishGeneration, insertGeneration, lockAccountGenerations } from './generation.repository.ts';

export const TERMINAL_STATUSES: readonly GenerationStatus[] = ['succeeded', 'failed', 'canceled'];

export interface GenerationServiceDeps {
  db: Db;
  models: ModelCatalogue;
  queue: GenerationQueue;
  runner: GenerationRunner;
  billing: GenerationBilling;
  media: MediaService;
  gallery: GalleryService;
  clock: Clock;
  queuedLimitPerAccount: number;
  referenceImageMaxBytes: number;
}

export type GenerationService = ReturnType<typeof createGenerationService>;

export function toGenerationResponse(row: NonNullable<Awaited<ReturnType<typeof findGenerationForOwner>>>): GenerationResponse {
  return {
    id: row.id,
    status: row.status,
    model: row.model,
    aspect: row.aspect,
    seed: Number(row.seed),
    cost: row.cost,
    artworkId: row.artwork_id,
    error: row.error,
    galleryItemId: row.gallery_item_id,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export type { GenerationResponse };

export function createGenerationService(deps: GenerationServiceDeps) {
  const { db, models, billing, clock } = deps;

  async function getOwn(accountId: string, id: string): Promise<GenerationResponse> {
    const row = await findGenerationForOwner(db, id, accountId);
    if (!row) throw new NotFoundError('No generation at this address');
    return toGenerationResponse(row);
  }

  /** Stores the reference through the media pipeline; its preview-size WebP is what providers get. */
  async function storeReference(image: Buffer): Promise<string> {
    if (image.byteLength > deps.referenceImageMaxBytes) {
      throw new PayloadTooLargeError(`referenceImage is limited to ${Math.floor(deps.referenceImageMaxBytes / 1024)} KiB`, 'referenceImage');
    }
    const stored = await deps.media.ingestImage(image, { private: true });
    await deps.gallery.releaseFiles([stored.thumbnailKey]);
    return stored.previewKey;
  }

  return {
    listModels: () => models.list(),

    /** Accepts a request: reserves its cost and queues it, or refuses with a reason naming the field. */
    async accept(accountId: string, request: GenerationRequest): Promise<{ id: string; status: GenerationStatus }> {
      const model = models.get(request.model);
      if (!model) throw new ValidationError(`model: no model "${request.model}"; GET /api/models lists them`, 'model');
      if (request.artworkId && !(await artworkExists(db, request.artworkId))) throw new ValidationError('artworkId: no such artwork', 'artworkId');
      const referenceKey = request.referenceImage ? await storeReference(request.referenceImage) : null;
      const cost = model.costCredits[request.aspect];

      const accepted = await db.transaction().execute(async (trx) => {
        await lockAccountGenerations(trx, accountId);
        const queued = await countGenerationsInStatus(trx, accountId, 'queued');
        if (queued >= deps.queuedLimitPerAccount) {
          throw new RateLimitedError(`You already have ${queued} images waiting; wait for some to finish`, 30);
        }
        const row = await insertGeneration(trx, {
          account_id: accountId,
          model: model.id,
          aspect: request.aspect,
          seed: request.seed ?? randomInt(0, SEED_MAX),
          cost,
          prompt: request.prompt,
          negative_prompt: request.negativePrompt,
          artwork_id: request.artworkId ?? null,
          reference_key: referenceKey,
        });
        await deps.queue.enqueue(row.id, { trx });
        // Last, so a refusal (PaymentRequiredError) rolls back the row and the job with it.
        await billing.reserve(accountId, row.id, cost, trx);
        return row;
      }).catch(async (error: unknown) => {
        if (referenceKey) await deps.gallery.releaseFiles([referenceKey]);
        throw error;
      });
      deps.queue.wake();
      return { id: accepted.id, status: accepted.status };
    },

    getOwn,

    /** Cancels a queued or running job and refunds it; a finished one answers 409. */
    async cancel(accountId: string, id: string): Promise<GenerationResponse> {
      const canceled = await finishGeneration(db, id, { from: ['queued', 'running'], to: 'canceled', accountId, now: clock.now() });
      if (canceled) {
        deps.runner.abortLocal(id);
        await billing.refund(id);
        if (canceled.reference_key) await deps.gallery.releaseFiles([canceled.reference_key]);
        return getOwn(accountId, id);
      }
      const current = await getOwn(accountId, id);
      // Canceling twice is harmless; canceling a finished job is a mistake worth saying.
      if (current.status === 'canceled') return current;
      throw new ConflictError(`This generation already ${current.status}`, 'status');
    },
  };
}
