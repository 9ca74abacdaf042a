import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopedKeyUid, SCOPED_KEY_ACTIONS } from '../../src/search/meilisearch/api-key.ts';
import { INDEX_SETTINGS } from '../../src/search/meilisearch/index-settings.ts';
import { createMeilisearchIndex } from '../../src/search/meilisearch/meilisearch-search-index.ts';
import type { SearchDocument } from '../../src/search/search-index.ts';
import { uniqueWord } from './search-contract.ts';
import { startMeilisearchStandIn, type MeilisearchStandIn, type RecordedRequest } from './meilisearch-stand-in.ts';
import { createKeyBody, searchBody, settingsBody, swapIndexesBody } from './meilisearch-v1-api.ts';

/**
 * The requests the engine sends, checked against the documented API of the pinned server
 * (v1.48, meilisearch-v1-api.ts) through a stand-in on 127.0.0.1: a client upgrade that changes
 * a request's shape, or engine code that sends what the server refuses, fails here without a server.
 */
const MASTER_KEY = 'stand-in-master-key';

let meili: MeilisearchStandIn;
beforeEach(async () => {
  meili = await startMeilisearchStandIn({ masterKey: MASTER_KEY });
});
afterEach(async () => {
  await meili.close();
});

function engine(options: { apiKey?: string; masterKey?: string; settingsWaitMs?: number; warnings?: object[] } = { masterKey: MASTER_KEY }) {
  const indexUid = `art_${uniqueWord()}`;
  const index = createMeilisearchIndex({
    url: meili.url,
    indexUid,
    masterKey: options.masterKey,
    apiKey: options.apiKey,
    settingsWaitMs: options.settingsWaitMs,
    logger: { warn: (details) => options.warnings?.push(details) },
  });
  return { index, indexUid, nextUid: `${indexUid}_next` };
}

const sent = (method: string, path: string) => meili.requests.filter((r) => r.method === method && r.path === path);
const writesTo = (uid: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/indexes/${uid}/documents`);

function doc(id: string, prompt = 'a lighthouse in fog'): SearchDocument {
  return {
    id, prompt, negativePrompt: null, model: 'SDXL 1.0', tags: [], authorHandle: 'someone', authorName: null, authorUrl: null,
    source: 'test', sourceUrl: `https://example.test/${id}`, thumbnailUrl: null, previewUrl: null, width: 1, height: 1,
    aspect: 'square', nsfw: false, placeholder: 'x', publishedAt: 1_000,
  };
}

async function* batches(...parts: SearchDocument[][]) {
  yield* parts;
}

describe('Meilisearch engine against the documented v1.48 API', () => {
  it('creates a scoped key with the master key, then uses only that key', async () => {
    const { index, indexUid } = engine();
    await index.ensureSettings();
    await index.upsert([doc('1')]);
    await index.search({ q: 'lighthouse', filters: { includeNsfw: false }, sort: 'relevance', page: 1, limit: 20 });

    const [created] = sent('POST', '/keys');
    const body = createKeyBody.parse(created?.body);
    expect(body).toMatchObject({ uid: scopedKeyUid(indexUid), indexes: [indexUid, `${indexUid}_next`], expiresAt: null });
    expect([...body.actions].sort()).toEqual([...SCOPED_KEY_ACTIONS].sort());
    const scoped = `Bearer ${meili.keyFor(scopedKeyUid(indexUid))}`;
    const keyManagement = meili.requests.filter((r) => r.path.startsWith('/keys'));
    expect(keyManagement.every((r) => r.authorization === `Bearer ${MASTER_KEY}`)).toBe(true);
    const rest = meili.requests.filter((r) => !r.path.startsWith('/keys') && r.path !== '/health');
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((r) => r.authorization === scoped)).toBe(true);
  });

  it('re-creates a key whose rights differ, and shares an existing one with other processes', async () => {
    const { index, indexUid } = engine();
    meili.addKey({ uid: scopedKeyUid(indexUid), name: null, description: null, actions: ['search'], indexes: [indexUid], expiresAt: null });
    await index.ensureSettings();
    expect(sent('DELETE', `/keys/${scopedKeyUid(indexUid)}`)).toHaveLength(1);
    expect(sent('POST', '/keys')).toHaveLength(1);

    const second = createMeilisearchIndex({ url: meili.url, indexUid, masterKey: MASTER_KEY });
    await second.ensureSettings();
    expect(sent('POST', '/keys')).toHaveLength(1);
  });

  it('uses MEILI_API_KEY as given, and is not ready with a wrong key', async () => {
    const uid = scopedKeyUid('operator');
    meili.addKey({ uid, name: 'ops', description: null, actions: [...SCOPED_KEY_ACTIONS], indexes: ['*'], expiresAt: null });
    const { index } = engine({ apiKey: meili.keyFor(uid) });
    await index.ensureSettings();
    expect(await index.isReachable()).toBe(true);
    expect(sent('POST', '/keys')).toEqual([]);

    const wrong = engine({ apiKey: 'not-a-key' });
    expect(await wrong.index.isReachable()).toBe(false);
    const wrongMaster = engine({ masterKey: 'not-the-master-key' });
    expect(await wrongMaster.index.isReachable()).toBe(false);
  });

  it('sends settings the server accepts: facet values by count, prompt syntax separators, stop words', async () => {
    const { index, indexUid } = engine();
    await index.ensureSettings();
    const [patch] = sent('PATCH', `/indexes/${indexUid}/settings`);
    const body = settingsBody.parse(patch?.body);
    expect(body.faceting).toEqual({ maxValuesPerFacet: INDEX_SETTINGS.faceting.maxValuesPerFacet, sortFacetValuesBy: { '*': 'count' } });
    expect(body.searchableAttributes).toEqual(['prompt', 'tags', 'model', 'authorHandle', 'authorName']);
    expect(body.separatorTokens).toEqual(expect.arrayContaining(['<', '>', '|']));
    expect(body.stopWords).toEqual(expect.arrayContaining(['of', 'a', 'by', 'the', 'break']));
    expect(meili.settings(indexUid)?.faceting).toEqual({ maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } });

    // Applied settings read back (sets re-sorted, objects filled in) are not sent again.
    await index.ensureSettings();
    expect(sent('PATCH', `/indexes/${indexUid}/settings`)).toHaveLength(1);
  });

  it('searches with a body the server accepts: the parsed query, and the last-words strategy for pasted prompts', async () => {
    const { index, indexUid } = engine();
    await index.ensureSettings();
    const prompt = 'masterpiece, (castle:1.2) on a cliff, <lora:gothic_style:0.8>, "stormy sky" -people';
    await index.search({ q: prompt, filters: { includeNsfw: false, model: ['SDXL 1.0'] }, sort: 'newest', page: 2, limit: 10 });
    await index.search({ q: '!!! ---', filters: { includeNsfw: true }, sort: 'relevance', page: 1, limit: 20 });
    await index.search({ q: 'Of the', filters: { includeNsfw: true }, sort: 'relevance', page: 1, limit: 20 });

    const [pasted, browse, stopWordsOnly] = sent('POST', `/indexes/${indexUid}/search`).map((r) => searchBody.parse(r.body));
    expect(pasted).toMatchObject({
      q: 'masterpiece castle on a cliff gothic style "stormy sky" -people',
      matchingStrategy: 'last',
      sort: ['publishedAt:desc'],
      offset: 10,
      limit: 10,
    });
    expect(pasted?.filter).toEqual(['model IN ["SDXL 1.0"]', 'nsfw = false']);
    expect(browse).toMatchObject({ q: '', sort: ['publishedAt:desc'] });
    // Only stop words: a browse, though Meilisearch would keep a last word still being typed.
    expect(stopWordsOnly).toMatchObject({ q: '', sort: ['publishedAt:desc'] });
  });

  it('rebuilds with the swap body of v1.18+, and leaves no _next behind', async () => {
    const { index, indexUid, nextUid } = engine();
    await index.ensureSettings();
    await index.upsert([doc('old')]);
    expect(await index.rebuild(batches([doc('1'), doc('2')], [doc('3')]))).toBe(3);

    const [swap] = sent('POST', '/swap-indexes');
    expect(swapIndexesBody.parse(swap?.body)).toEqual([{ indexes: [indexUid, nextUid], rename: false }]);
    expect(meili.documentIds(indexUid).sort()).toEqual(['1', '2', '3']);
    expect(meili.indexExists(nextUid)).toBe(false);
    // The rebuilt index got the same settings before its documents.
    expect(meili.settings(indexUid)?.rankingRules).toEqual(INDEX_SETTINGS.rankingRules);
    const nextRequests = meili.requests.filter((r) => r.path.startsWith(`/indexes/${nextUid}`));
    const settingsAt = nextRequests.findIndex((r) => r.method === 'PATCH');
    expect(settingsAt).toBeGreaterThan(-1);
    expect(settingsAt).toBeLessThan(nextRequests.findIndex(writesTo(nextUid)));
  });

  it('writes to _next before the live index while a rebuild runs', async () => {
    const { index, indexUid, nextUid } = engine();
    await index.ensureSettings();
    meili.createIndex(nextUid);
    await index.upsert([doc('1')]);
    await index.deleteByIds(['2']);
    await index.deleteByFilter({ authorHandle: 'Someone' });

    const order = meili.requests.filter((r) => writesTo(nextUid)(r) || writesTo(indexUid)(r)).map((r) => r.path);
    expect(order).toEqual([
      `/indexes/${nextUid}/documents`,
      `/indexes/${indexUid}/documents`,
      `/indexes/${nextUid}/documents/delete-batch`,
      `/indexes/${indexUid}/documents/delete-batch`,
      `/indexes/${nextUid}/documents/delete`,
      `/indexes/${indexUid}/documents/delete`,
    ]);
    expect(meili.documentIds(nextUid)).toEqual(['1']);
  });

  it('survives _next vanishing under a writer: no stray _next without settings, no failed delete', async () => {
    const { index, indexUid, nextUid } = engine();
    await index.ensureSettings();
    meili.createIndex(nextUid);
    // The rebuild swaps and deletes `_next` right after this writer saw it exist.
    const vanishAfterCheck = (request: RecordedRequest) => {
      if (request.method === 'GET' && request.path === `/indexes/${nextUid}`) {
        meili.onRequest(undefined);
        meili.deleteIndex(nextUid);
      }
    };

    meili.onRequest(vanishAfterCheck);
    await index.upsert([doc('1')]);
    // The addition reached the vanished `_next` (re-creating it, as Meilisearch does); the engine removed it.
    expect(sent('POST', `/indexes/${nextUid}/documents`)).toHaveLength(1);
    expect(meili.indexExists(nextUid)).toBe(false);
    expect(meili.documentIds(indexUid)).toEqual(['1']);

    meili.createIndex(nextUid);
    meili.onRequest(vanishAfterCheck);
    await index.deleteByIds(['1']);
    expect(sent('POST', `/indexes/${nextUid}/documents/delete-batch`)).toHaveLength(1);
    expect(meili.documentIds(indexUid)).toEqual([]);
    expect(meili.indexExists(nextUid)).toBe(false);
  });

  it('keeps a _next that a new rebuild created after the write', async () => {
    const { index, nextUid } = engine();
    await index.ensureSettings();
    meili.createIndex(nextUid);
    meili.onRequest((request) => {
      if (request.method === 'GET' && request.path === `/indexes/${nextUid}`) meili.deleteIndex(nextUid);
      // Once the writer's addition has re-created `_next`, another rebuild starts over.
      if (request.method === 'GET' && request.path === '/tasks' && request.query.from !== undefined) {
        meili.onRequest(undefined);
        meili.deleteIndex(nextUid);
        meili.createIndex(nextUid);
      }
    });
    await index.upsert([doc('1')]);
    expect(meili.indexExists(nextUid)).toBe(true);
  });

  it('reports a settings change still running instead of failing, and waits for it on the next start', async () => {
    const warnings: object[] = [];
    const { index, indexUid } = engine({ masterKey: MASTER_KEY, settingsWaitMs: 50, warnings });
    meili.holdSettingsTasks(true);
    await index.ensureSettings();
    expect(warnings).toEqual([expect.objectContaining({ index: indexUid, taskUid: expect.any(Number) })]);

    // Next start, still running: the same task is waited for, not sent again.
    await index.ensureSettings();
    expect(warnings).toHaveLength(2);
    expect(sent('PATCH', `/indexes/${indexUid}/settings`)).toHaveLength(1);

    meili.holdSettingsTasks(false);
    await index.ensureSettings();
    expect(warnings).toHaveLength(2);
    expect(sent('PATCH', `/indexes/${indexUid}/settings`)).toHaveLength(1);
    expect(meili.settings(indexUid)?.stopWords).toEqual([...INDEX_SETTINGS.stopWords].sort());
  });

  it('refuses a server older than the API it is written for', async () => {
    await meili.close();
    meili = await startMeilisearchStandIn({ masterKey: MASTER_KEY, version: '1.15.2' });
    await expect(engine().index.ensureSettings()).rejects.toThrow(/Meilisearch 1\.15\.2 is not supported/);
  });
});
