import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoArtworks } from '../../src/demo/seed-demo.ts';
import { createSearchService } from '../../src/search/search.service.ts';
import { openServiceTier, type ServiceTier } from '../support/service-tier.ts';

/** The demo set goes through the artwork service alone: the service tier, no app. */
describe('seedDemoArtworks', () => {
  let tier: ServiceTier;
  beforeAll(async () => {
    tier = await openServiceTier();
  });
  afterAll(async () => {
    await tier?.close();
  });

  it('loads a varied set through ingest and does not duplicate it when run again', { timeout: 180_000 }, async () => {
    const search = createSearchService({ searchIndex: tier.searchIndex, clock: tier.clock });
    const progress: number[] = [];
    const first = await seedDemoArtworks({ artworks: tier.artworks, count: 30, onProgress: (done) => progress.push(done) });
    expect(first).toEqual({ total: 30, new: 30, updated: 0, duplicate: 0 });
    expect(progress.at(-1)).toBe(30);

    const rows = await tier.db.selectFrom('artworks').select(['model', 'source', 'aspect', 'nsfw']).execute();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((row) => row.model)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.source)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.aspect))).toEqual(new Set(['square', 'portrait', 'landscape']));

    const searchable = await search.search({ q: '', model: [], source: [], aspect: [], nsfw: 'include', sort: 'newest', page: 1, limit: 100 });
    expect(searchable.estimatedTotal).toBe(30);

    const second = await seedDemoArtworks({ artworks: tier.artworks, count: 30 });
    expect(second).toEqual({ total: 30, new: 0, updated: 30, duplicate: 0 });
    expect(await tier.artworks.count()).toBe(30);
  });
});
