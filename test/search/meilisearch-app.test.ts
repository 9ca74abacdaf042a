import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedKeyUid } from '../../src/search/meilisearch/api-key.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { uniqueWord } from './search-contract.ts';
import { startMeilisearchStandIn, type MeilisearchStandIn } from './meilisearch-stand-in.ts';
import { searchBody } from './meilisearch-v1-api.ts';

/** The app configured for Meilisearch (as docker-compose runs it), against the stand-in on 127.0.0.1. */
describe('the app on Meilisearch', () => {
  const masterKey = 'stand-in-master-key';
  const indexUid = `artworks_${uniqueWord()}`;
  let meili: MeilisearchStandIn;
  let test: TestApp;

  beforeAll(async () => {
    meili = await startMeilisearchStandIn({ masterKey });
    test = await startTestApp({ MEILI_URL: meili.url, MEILI_MASTER_KEY: masterKey, MEILI_INDEX: indexUid, SEARCH_CACHE_SECONDS: '0' });
  });
  afterAll(async () => {
    await test?.close();
    await meili?.close();
  });

  it('indexes and searches through its scoped key, and is not ready once that key is refused', async () => {
    const ready = await fetch(`${test.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { search: 'ok', engine: 'meilisearch' } });

    const id = await ingestTestArtwork(test.app, { prompt: 'a lighthouse in fog, <lora:moody_sea:0.7>' });
    expect(meili.documentIds(indexUid)).toEqual([id]);

    const search = await fetch(`${test.baseUrl}/api/search?q=lighthouse`);
    expect(search.status).toBe(200);
    const searches = meili.requests.filter((r) => r.path === `/indexes/${indexUid}/search`);
    expect(searchBody.parse(searches.at(-1)?.body)).toMatchObject({ q: 'lighthouse', matchingStrategy: 'all' });
    const scoped = `Bearer ${meili.keyFor(scopedKeyUid(indexUid))}`;
    expect(meili.requests.filter((r) => !r.path.startsWith('/keys') && r.path !== '/health').every((r) => r.authorization === scoped)).toBe(true);

    meili.revokeKey(scopedKeyUid(indexUid));
    const refused = await fetch(`${test.baseUrl}/readyz`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ checks: { database: 'ok', search: 'down' } });
  });
});
