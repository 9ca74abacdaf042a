import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDataRegistry } from '../../src/accounts/account-data-registry.ts';
import { updateAccount } from '../../src/accounts/account.repository.ts';
import { createCreditLedger, type CreditLedger } from '../../src/credits/credit-ledger.service.ts';
import { ConflictError, NotFoundError } from '../../src/errors.ts';
import { composeGeneration, type Generation } from '../../src/generation/compose-generation.ts';
import { generationRequestSchema } from '../../src/generation/generation-input.ts';
import { createModelCatalogue } from '../../src/generation/models/model-catalogue.ts';
import { insertTestAccount, openServiceTier, type ServiceTier } from '../support/service-tier.ts';

/**
 * Generation's state transitions and the gallery's rules on the service tier: the job runner is
 * called as the queue's worker would call it, without a worker, Express or polling over HTTP.
 * generation-api.test.ts and gallery-ownership.test.ts keep what the routes add.
 */
describe('generation and gallery (service)', () => {
  let tier: ServiceTier;
  let generation: Generation;
  let ledger: CreditLedger;
  beforeAll(async () => {
    tier = await openServiceTier();
    ledger = createCreditLedger({ db: tier.db, clock: tier.clock, signupGrant: 10 });
    generation = composeGeneration({
      ...tier,
      connectionString: tier.database.url,
      models: createModelCatalogue(null, {}),
      registry: createAccountDataRegistry(),
      billing: ledger.billing,
    });
  });
  afterAll(async () => {
    await generation?.close();
    await tier?.close();
  });

  const request = (body: Record<string, unknown> = {}) => generationRequestSchema.parse({ prompt: 'a red fox in fresh snow, watercolour', model: 'offline-sketch', ...body });
  const closingEntries = async (generationId: string) =>
    (await tier.db.selectFrom('credit_entries').select('reason').where('generation_id', '=', generationId).orderBy('id').execute()).map((entry) => entry.reason);

  /** Accepts a job and runs it as a queue worker would; resolves with its id. */
  async function generated(accountId: string, body: Record<string, unknown> = {}): Promise<string> {
    const { id } = await generation.generations.accept(accountId, request(body));
    await generation.runner.run(id);
    return id;
  }

  it('takes a job from queued to succeeded once, however often it is delivered, and settles its cost once', async () => {
    const accountId = await insertTestAccount(tier.db);
    const accepted = await generation.generations.accept(accountId, request({ seed: 77 }));
    expect(accepted.status).toBe('queued');
    expect((await generation.generations.getOwn(accountId, accepted.id)).status).toBe('queued');

    await generation.runner.run(accepted.id);
    await generation.runner.run(accepted.id);
    const done = await generation.generations.getOwn(accountId, accepted.id);
    expect(done).toMatchObject({ status: 'succeeded', seed: 77, cost: 1, error: null });
    expect(done.galleryItemId).not.toBeNull();
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const items = await tier.db.selectFrom('gallery_items').select(['id', 'visibility']).where('account_id', '=', accountId).execute();
    expect(items).toEqual([{ id: done.galleryItemId, visibility: 'private' }]);
    expect(await closingEntries(accepted.id)).toEqual(['generation_reserved', 'generation_settled']);
    expect((await ledger.balanceOf(accountId)).balance).toBe(9);

    await expect(generation.generations.cancel(accountId, accepted.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(generation.generations.getOwn(await insertTestAccount(tier.db), accepted.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('cancels a queued job once and refunds it once; a later delivery leaves it canceled', async () => {
    const accountId = await insertTestAccount(tier.db);
    const { id } = await generation.generations.accept(accountId, request());
    expect((await ledger.balanceOf(accountId)).balance).toBe(9);
    const [first, second] = await Promise.all([generation.generations.cancel(accountId, id), generation.generations.cancel(accountId, id)]);
    expect([first.status, second.status]).toEqual(['canceled', 'canceled']);
    await generation.runner.run(id);
    expect(await generation.generations.getOwn(accountId, id)).toMatchObject({ status: 'canceled', galleryItemId: null });
    expect(await closingEntries(id)).toEqual(['generation_reserved', 'generation_refunded']);
    expect((await ledger.balanceOf(accountId)).balance).toBe(10);
  });

  it('pages an account’s gallery newest first with a cursor', async () => {
    const accountId = await insertTestAccount(tier.db);
    for (let seed = 1; seed <= 3; seed++) await generated(accountId, { seed });
    const first = await generation.gallery.listOwn(accountId, undefined, 2);
    expect(first.items.map((item) => item.seed)).toEqual([3, 2]);
    expect(first.nextCursor).not.toBeNull();
    const second = await generation.gallery.listOwn(accountId, first.nextCursor!, 2);
    expect(second.items.map((item) => item.seed)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
  });

  it('shows an item only to its owner until it is made public, and deletes its files with it', async () => {
    const owner = await insertTestAccount(tier.db);
    const other = await insertTestAccount(tier.db);
    await updateAccount(tier.db, owner, { username: `owner_${owner}` });
    const jobId = await generated(owner, { prompt: 'a secret garden' });
    const itemId = (await generation.generations.getOwn(owner, jobId)).galleryItemId!;

    await expect(generation.gallery.getForViewer(itemId, other)).rejects.toBeInstanceOf(NotFoundError);
    await expect(generation.gallery.getForViewer(itemId, undefined)).rejects.toBeInstanceOf(NotFoundError);
    await expect(generation.gallery.setVisibility(other, itemId, 'public')).rejects.toBeInstanceOf(NotFoundError);
    await expect(generation.gallery.delete(other, itemId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await generation.gallery.listPublic(`owner_${owner}`, undefined, 10)).items).toEqual([]);
    expect((await generation.gallery.getForViewer(itemId, owner)).ownedByViewer).toBe(true);

    await generation.gallery.setVisibility(owner, itemId, 'public');
    expect((await generation.gallery.getForViewer(itemId, other)).item).toMatchObject({ id: itemId, prompt: 'a secret garden' });
    expect((await generation.gallery.listPublic(`owner_${owner}`, undefined, 10)).items.map((item) => item.id)).toEqual([itemId]);
    await generation.gallery.setVisibility(owner, itemId, 'private');
    await expect(generation.gallery.getForViewer(itemId, undefined)).rejects.toBeInstanceOf(NotFoundError);

    const keys = await tier.db.selectFrom('gallery_items').select(['full_key', 'thumbnail_key', 'preview_key']).where('id', '=', itemId).executeTakeFirstOrThrow();
    for (const key of Object.values(keys)) expect(await tier.storage.exists(key)).toBe(true);
    await generation.gallery.delete(owner, itemId);
    for (const key of Object.values(keys)) expect(await tier.storage.exists(key)).toBe(false);
    await expect(generation.gallery.getForViewer(itemId, owner)).rejects.toBeInstanceOf(NotFoundError);
  });
});
