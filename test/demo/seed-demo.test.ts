import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoArtworks } from '../../src/demo/seed-demo.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('seedDemoArtworks', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('loads a varied set through ingest and does not duplicate it when run again', { timeout: 180_000 }, async () => {
    const { app, database } = testApp;
    const progress: number[] = [];
    const first = await seedDemoArtworks({ artworks: app.artworks, count: 30, onProgress: (done) => progress.push(done) });
    expect(first).toEqual({ total: 30, new: 30, updated: 0, duplicate: 0 });
    expect(progress.at(-1)).toBe(30);

    const rows = await database.db.selectFrom('artworks').select(['model', 'source', 'aspect', 'nsfw']).execute();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((row) => row.model)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.source)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.aspect))).toEqual(new Set(['square', 'portrait', 'landscape']));

    const searchable = await app.search.search({ q: '', model: [], source: [], aspect: [], nsfw: 'include', sort: 'newest', page: 1, limit: 100 });
    expect(searchable.estimatedTotal).toBe(30);

    const second = await seedDemoArtworks({ artworks: app.artworks, count: 30 });
    expect(second).toEqual({ total: 30, new: 0, updated: 30, duplicate: 0 });
    expect(await app.artworks.count()).toBe(30);
  });
});
