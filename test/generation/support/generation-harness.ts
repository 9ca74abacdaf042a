import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAccountDataRegistry } from '../../../src/accounts/account-data-registry.ts';
import { systemClock } from '../../../src/clock.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import type { GenerationBilling } from '../../../src/generation/generation-billing.ts';
import type { GenerationRequest } from '../../../src/generation/generation-input.ts';
import { composeGeneration, type Generation } from '../../../src/generation/compose-generation.ts';
import { createModelCatalogue } from '../../../src/generation/models/model-catalogue.ts';
import { parseModelsFile } from '../../../src/generation/models/model-config.ts';
import { createLogger } from '../../../src/logger.ts';
import { createMediaStorage } from '../../../src/media/create-media-storage.ts';
import { mediaLimitsFromConfig } from '../../../src/media/media-limits.ts';
import { createImageAdapter } from '../../../src/media/image-adapter.ts';
import { createMediaService } from '../../../src/media/media.service.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { FAST_QUEUE } from './generation-app.ts';

/** Billing that counts its calls per generation: the exactly-once checks read it. */
export function countingBilling() {
  const calls: { hook: 'reserve' | 'settle' | 'refund'; generationId: string }[] = [];
  const billing: GenerationBilling = {
    reserve: async (_accountId, generationId) => void calls.push({ hook: 'reserve', generationId }),
    settle: async (generationId) => void calls.push({ hook: 'settle', generationId }),
    refund: async (generationId) => void calls.push({ hook: 'refund', generationId }),
  };
  const count = (generationId: string) => ({
    reserve: calls.filter((call) => call.generationId === generationId && call.hook === 'reserve').length,
    settle: calls.filter((call) => call.generationId === generationId && call.hook === 'settle').length,
    refund: calls.filter((call) => call.generationId === generationId && call.hook === 'refund').length,
  });
  return { billing, count };
}

export interface GenerationHarness {
  config: Config;
  env: Record<string, string>;
  database: TestDatabase;
  dataDir: string;
  accountId: string;
  /** A second, independent composition on the same database: another process, in effect. */
  compose(billing: GenerationBilling): Generation;
  request(overrides?: Partial<GenerationRequest>): GenerationRequest;
  status(id: string): Promise<{ status: string; attempt: number; gallery_item_id: string | null }>;
  waitFor(id: string, statuses: string[], timeoutMs?: number): Promise<{ status: string; attempt: number; gallery_item_id: string | null }>;
  /** Stops every composition's queue and workers, so the next test's jobs meet only its own. */
  closeComposed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Generation composed directly (no HTTP) against its own migrated database, with the models
 * file written to DATA_DIR so that a `npm run worker` child process can share it.
 */
export async function startGenerationHarness(modelsFile: unknown, env: Record<string, string> = {}): Promise<GenerationHarness> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-generation-'));
  const modelsPath = path.join(dataDir, 'models.json');
  await writeFile(modelsPath, JSON.stringify(modelsFile));
  const fullEnv = { ...FAST_QUEUE, DATABASE_URL: database.url, DATA_DIR: dataDir, MODELS_FILE: modelsPath, LOG_LEVEL: 'silent', SEED_DEMO: 'never', ...env };
  const config = loadConfig(fullEnv);
  const storage = await createMediaStorage(config);
  const images = createImageAdapter(mediaLimitsFromConfig(config));
  const media = createMediaService({ storage, images });
  const models = createModelCatalogue(parseModelsFile(modelsFile), {});
  const composed: Generation[] = [];
  const compose = (billing: GenerationBilling) => {
    const generation = composeGeneration({ config, db: database.db, connectionString: database.url, clock: systemClock, logger: createLogger('silent'), storage, media, images, models, registry: createAccountDataRegistry(), billing });
    composed.push(generation);
    return generation;
  };
  const account = await database.db.insertInto('accounts').values({ email: `queue-${process.pid}-${Date.now()}@example.com` }).returning('id').executeTakeFirstOrThrow();
  const status = (id: string) => database.db.selectFrom('generations').select(['status', 'attempt', 'gallery_item_id']).where('id', '=', id).executeTakeFirstOrThrow();

  return {
    config,
    env: fullEnv,
    database,
    dataDir,
    accountId: account.id,
    compose,
    request: (overrides = {}) => ({ prompt: 'a paper boat on a puddle', negativePrompt: null, model: 'local-sd', aspect: 'square', ...overrides }),
    status,
    async waitFor(id, statuses, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await status(id);
        if (statuses.includes(row.status)) return row;
        if (Date.now() > deadline) throw new Error(`generation ${id} still ${row.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async closeComposed() {
      for (const generation of composed.splice(0)) await generation.close();
    },
    async close() {
      for (const generation of composed.splice(0)) await generation.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
