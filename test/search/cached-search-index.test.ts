import { describe, expect, it } from 'vitest';
import { CachedSearchIndex } from '../../src/search/cached-search-index.ts';
import type { SearchIndex, SearchQuery, SearchResult } from '../../src/search/search-index.ts';

/** An engine that counts its searches and can be made to fail or to hold a search open. */
function fakeEngine() {
  const calls: SearchQuery[] = [];
  let failNext = false;
  let release: (() => void) | undefined;
  const engine: SearchIndex = {
    engine: 'postgres',
    ensureSettings: async () => {},
    upsert: async () => {},
    deleteByIds: async () => {},
    deleteByFilter: async () => {},
    rebuild: async () => 0,
    isReachable: async () => true,
    async search(query) {
      calls.push(query);
      if (release === undefined && failNext) {
        failNext = false;
        throw new Error('engine down');
      }
      const result: SearchResult = {
        hits: [],
        estimatedTotal: calls.length,
        facets: { model: {}, source: {}, aspect: {} },
      };
      return result;
    },
  };
  return {
    engine,
    calls,
    failNextSearch: () => (failNext = true),
    holdSearches: () => {
      const gate = new Promise<void>((resolve) => (release = resolve));
      const search = engine.search.bind(engine);
      engine.search = async (query) => {
        await gate;
        return search(query);
      };
      return () => release?.();
    },
  };
}

const query = (overrides: Partial<SearchQuery> = {}): SearchQuery => ({
  q: 'neon city',
  filters: { includeNsfw: false, model: ['b', 'a'] },
  sort: 'relevance',
  page: 1,
  limit: 24,
  ...overrides,
});

describe('CachedSearchIndex', () => {
  it('serves a repeated search from the cache, whatever its spelling', async () => {
    const { engine, calls } = fakeEngine();
    const cached = new CachedSearchIndex(engine, { ttlMs: 1000, maxEntries: 10 });
    const first = await cached.search(query());
    const again = await cached.search(query({ q: '  NEON, city', filters: { includeNsfw: false, model: ['a', 'b'] } }));
    expect(again).toBe(first);
    expect(calls).toHaveLength(1);

    await cached.search(query({ page: 2 }));
    await cached.search(query({ q: 'neon cit' }));
    await cached.search(query({ filters: { includeNsfw: true, model: ['a', 'b'] } }));
    expect(calls).toHaveLength(4);
  });

  it('shares one engine call among concurrent identical searches', async () => {
    const fake = fakeEngine();
    const release = fake.holdSearches();
    const cached = new CachedSearchIndex(fake.engine, { ttlMs: 1000, maxEntries: 10 });
    const pending = [cached.search(query()), cached.search(query()), cached.search(query())];
    release();
    const results = await Promise.all(pending);
    expect(fake.calls).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
  });

  it('forgets results when they expire, and when this process writes', async () => {
    const { engine, calls } = fakeEngine();
    let now = 0;
    const cached = new CachedSearchIndex(engine, { ttlMs: 1000, maxEntries: 10, now: () => now });
    await cached.search(query());
    now = 999;
    await cached.search(query());
    expect(calls).toHaveLength(1);
    now = 1000;
    await cached.search(query());
    expect(calls).toHaveLength(2);

    for (const write of [
      () => cached.upsert([]),
      () => cached.deleteByIds(['1']),
      () => cached.deleteByFilter({ source: 's' }),
      () => cached.rebuild((async function* () {})()),
    ]) {
      const before = calls.length;
      await write();
      await cached.search(query());
      expect(calls).toHaveLength(before + 1);
    }
  });

  it('does not keep failures', async () => {
    const fake = fakeEngine();
    const cached = new CachedSearchIndex(fake.engine, { ttlMs: 1000, maxEntries: 10 });
    fake.failNextSearch();
    await expect(cached.search(query())).rejects.toThrow('engine down');
    await expect(cached.search(query())).resolves.toBeDefined();
    expect(fake.calls).toHaveLength(2);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const { engine, calls } = fakeEngine();
    const cached = new CachedSearchIndex(engine, { ttlMs: 1000, maxEntries: 2 });
    await cached.search(query({ page: 1 }));
    await cached.search(query({ page: 2 }));
    await cached.search(query({ page: 1 })); // page 1 is now the most recently used
    await cached.search(query({ page: 3 })); // evicts page 2
    expect(calls).toHaveLength(3);
    await cached.search(query({ page: 1 }));
    expect(calls).toHaveLength(3);
    await cached.search(query({ page: 2 }));
    expect(calls).toHaveLength(4);
  });
});
