import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

describe('GET /api/search', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const fixtures = [
      { key: 'city', prompt: 'neon cyberpunk city at night, rain, reflections', model: 'SDXL 1.0', width: 1216, height: 832 },
      { key: 'forest', prompt: 'misty forest with ancient trees, volumetric light', model: 'Flux.1 [dev]', width: 832, height: 1216 },
      { key: 'cat', prompt: 'portrait of a cat astronaut, studio lighting', model: 'SDXL 1.0', width: 1024, height: 1024 },
      { key: 'nsfw', prompt: 'figure study in charcoal, cyberpunk mood', model: 'Pony Diffusion V6', nsfw: true },
      { key: 'xss', prompt: '<script>alert("cyberpunk")</script> glitch art', model: 'Midjourney v6', source: 'othersource' },
    ];
    for (const { key, ...fixture } of fixtures) {
      ids[key] = await ingestTestArtwork(t.app, {
        ...fixture,
        publishedAt: new Date(Date.UTC(2026, 0, 1 + Object.keys(ids).length)),
      });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (query: string) => {
    const response = await fetch(`${t.baseUrl}/api/search?${query}`);
    return { status: response.status, body: await response.json() };
  };

  it('finds artwork by the words of its prompt with the documented hit shape', async () => {
    const { status, body } = await search('q=cyberpunk+city');
    expect(status).toBe(200);
    expect(body.hits[0].id).toBe(ids.city);
    const hit = body.hits[0];
    expect(hit).toMatchObject({
      prompt: 'neon cyberpunk city at night, rain, reflections',
      model: 'SDXL 1.0',
      author: { handle: 'tester', name: 'Test Author', url: 'https://example.com/u/tester' },
      source: 'testsource',
      width: 1216,
      height: 832,
    });
    expect(hit.sourceUrl).toMatch(/^https:\/\/example.com\/posts\//);
    expect(hit.thumbnailUrl).toMatch(/^\/media\//);
    expect(hit.previewUrl).toMatch(/^\/media\//);
    expect(typeof hit.placeholder).toBe('string');
    expect(hit.publishedAt).toMatch(/^2026-01-0/);
    expect(body).toMatchObject({ page: 1, limit: 24 });
    expect(typeof body.estimatedTotal).toBe('number');
    expect(typeof body.tookMs).toBe('number');
    expect(Object.keys(body.facets).sort()).toEqual(['aspect', 'model', 'source']);
  });

  it('tolerates typos', async () => {
    const { body } = await search('q=cyberpnuk+citty');
    expect(body.hits.map((h: { id: string }) => h.id)).toContain(ids.city);
  });

  it('matches prefixes while typing', async () => {
    const { body } = await search('q=astro');
    expect(body.hits.map((h: { id: string }) => h.id)).toContain(ids.cat);
  });

  it('narrows by model, source and aspect, with facet counts', async () => {
    const byModel = await search('model=SDXL+1.0');
    expect(byModel.body.hits.map((h: { id: string }) => h.id).sort()).toEqual([ids.cat, ids.city].sort());
    const bySource = await search('source=othersource');
    expect(bySource.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.xss]);
    const byAspect = await search('aspect=portrait');
    expect(byAspect.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.forest]);
    const all = await search('');
    expect(all.body.facets.model['SDXL 1.0']).toBe(2);
    expect(all.body.facets.aspect.landscape).toBeGreaterThanOrEqual(1);
  });

  it('excludes NSFW unless nsfw=include', async () => {
    const hidden = await search('q=charcoal');
    expect(hidden.body.hits).toHaveLength(0);
    const shown = await search('q=charcoal&nsfw=include');
    expect(shown.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.nsfw]);
  });

  it('sorts by newest and pages without overlap', async () => {
    const newest = await search('sort=newest&limit=2');
    expect(newest.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.xss, ids.cat]);
    const page2 = await search('sort=newest&limit=2&page=2');
    expect(page2.body.hits.map((h: { id: string }) => h.id)).toEqual([ids.forest, ids.city]);
  });

  it('returns prompt text raw in JSON and escapes it in the highlight', async () => {
    const { body } = await search('q=glitch');
    expect(body.hits[0].prompt).toContain('<script>');
    expect(body.hits[0].highlightedPrompt).not.toContain('<script>');
    expect(body.hits[0].highlightedPrompt).toContain('&lt;script&gt;');
    expect(body.hits[0].highlightedPrompt).toContain('<mark>glitch</mark>');
  });

  it('accepts a whole pasted prompt and returns the most similar prompts first', async () => {
    const pasted = `${'masterpiece, best quality, (neon:1.2) cyberpunk city at night, rain, reflections, '.repeat(3)} <lora:wet_streets:0.7> BREAK 8 k uhd unicorn`;
    expect(pasted.length).toBeGreaterThan(200);
    const { status, body } = await search(`q=${encodeURIComponent(pasted)}`);
    expect(status).toBe(200);
    expect(body.hits[0].id).toBe(ids.city);
    expect(body.suggestions).toEqual([]);
  });

  it('never ends in a dead end: suggests fewer words and searching without the filters', async () => {
    const fewer = await search('q=cyberpunk+city+zzqxv');
    expect(fewer.body.hits).toEqual([]);
    expect(fewer.body.suggestions).toEqual([
      { kind: 'fewer-words', q: 'cyberpunk city', filters: { model: [], source: [], aspect: [] }, estimatedTotal: 1 },
    ]);

    const narrowed = await search('q=misty+forest+zzqxv&model=SDXL+1.0');
    expect(narrowed.body.suggestions).toEqual([
      { kind: 'fewer-words', q: 'misty forest', filters: { model: [], source: [], aspect: [] }, estimatedTotal: 1 },
    ]);

    const filtered = await search('q=misty+forest&model=SDXL+1.0');
    expect(filtered.body.hits).toEqual([]);
    expect(filtered.body.suggestions).toContainEqual({
      kind: 'without-filters',
      q: 'misty forest',
      filters: { model: [], source: [], aspect: [] },
      estimatedTotal: 1,
    });
  });

  it('rebuilds an index that is empty while artworks exist (a database upgraded to this engine)', async () => {
    expect(await t.app.artworks.reindexIfSearchIsEmpty()).toBe(0);
    await t.app.db.deleteFrom('search_documents').execute();
    expect(await t.app.artworks.reindexIfSearchIsEmpty()).toBe(Object.keys(ids).length);
    const { body } = await search('q=misty+forest');
    expect(body.hits.map((hit: { id: string }) => hit.id)).toEqual([ids.forest]);
  });

  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['page=0', 'page'],
    ['page=1.5', 'page'],
    ['page=500&limit=100', 'page'],
    ['sort=oldest', 'sort'],
    ['nsfw=yes', 'nsfw'],
    ['aspect=round', 'aspect'],
    [`q=${'x'.repeat(1001)}`, 'q'],
    ['q=cat%00dog', 'q'],
    ['model=SD%01XL', 'model'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const { status, body } = await search(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe(field);
  });
});
