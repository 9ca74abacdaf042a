import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { ingestTestArtwork, renderTestImage, type TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp, waitForGeneration } from './support/generation-app.ts';

interface ErrorBody {
  error: { code: string; field?: string; message: string };
}

interface GalleryPage {
  items: { id: string; prompt: string; visibility: string; artwork: { id: string } | null; thumbnailUrl: string; downloadUrl: string; seed: number }[];
  nextCursor: string | null;
}

describe('generation API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startGenerationApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the models with their cost, the offline renderer marked as such', async () => {
    const response = await new HttpAgent(t.baseUrl).get<{ models: { id: string; offline: boolean; costCredits: Record<string, number> }[] }>('/api/models');
    expect(response.status).toBe(200);
    expect(response.body.models).toContainEqual(expect.objectContaining({ id: 'offline-sketch', offline: true, costCredits: { square: 1, portrait: 1, landscape: 1 } }));
  });

  it('asks for sign-in before accepting a job', async () => {
    const agent = new HttpAgent(t.baseUrl);
    expect((await agent.post('/api/generations', { prompt: 'x', model: 'offline-sketch' })).status).toBe(401);
  });

  it('answers 400 naming the field for bad input', async () => {
    const { agent } = await signedInUser(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ prompt: '   ', model: 'offline-sketch' }, 'prompt'],
      [{ prompt: 'x'.repeat(2001), model: 'offline-sketch' }, 'prompt'],
      [{ prompt: 'bell\u0007', model: 'offline-sketch' }, 'prompt'],
      [{ prompt: 'fine', negativePrompt: 'y'.repeat(1001), model: 'offline-sketch' }, 'negativePrompt'],
      [{ prompt: 'fine' }, 'model'],
      [{ prompt: 'fine', model: 'no-such-model' }, 'model'],
      [{ prompt: 'fine', model: 'offline-sketch', aspect: 'round' }, 'aspect'],
      [{ prompt: 'fine', model: 'offline-sketch', seed: -1 }, 'seed'],
      [{ prompt: 'fine', model: 'offline-sketch', seed: 1.5 }, 'seed'],
      [{ prompt: 'fine', model: 'offline-sketch', artworkId: '99999999' }, 'artworkId'],
      [{ prompt: 'fine', model: 'offline-sketch', referenceImage: 'https://example.com/a.png' }, 'referenceImage'],
    ];
    for (const [body, field] of cases) {
      const response = await agent.post<ErrorBody>('/api/generations', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.error.field).toBe(field);
    }
    const notAnImage = await agent.post<ErrorBody>('/api/generations', { prompt: 'fine', model: 'offline-sketch', referenceImage: `data:image/png;base64,${Buffer.from('not a png').toString('base64')}` });
    expect(notAnImage.status).toBe(422);
  });

  it('runs a job to the gallery: 202, events, result private and linked to its artwork', async () => {
    const artworkId = await ingestTestArtwork(t.app, { prompt: 'a lighthouse at dusk' });
    const { agent } = await signedInUser(t);
    const reference = await renderTestImage(7, 320, 320);
    const accepted = await requestGeneration(agent, { artworkId, aspect: 'portrait', seed: 1234, referenceImage: `data:image/png;base64,${reference.toString('base64')}` });
    expect(accepted.status).toBe('queued');

    const events = await fetch(`${t.baseUrl}/api/generations/${accepted.id}/events`, { headers: { Cookie: agent.cookieHeader() } });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const statuses = [...(await events.text()).matchAll(/^data: (.*)$/gm)].map((match) => (JSON.parse(match[1]!) as { status: string }).status);
    expect(statuses.at(-1)).toBe('succeeded');
    expect(new Set(statuses).size).toBe(statuses.length);

    const done = await waitForGeneration(agent, accepted.id, ['succeeded']);
    expect(done.artworkId).toBe(artworkId);
    const gallery = await agent.get<GalleryPage>('/api/me/gallery');
    const item = gallery.body.items.find((candidate) => candidate.id === done.galleryItemId);
    expect(item).toMatchObject({ prompt: 'a red fox in fresh snow, watercolour', visibility: 'private', artwork: { id: artworkId }, seed: 1234 });
    const download = await fetch(`${t.baseUrl}${item!.downloadUrl}`, { headers: { Cookie: agent.cookieHeader() } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(download.headers.get('content-type')).toBe('image/webp');
    // The prompt now lives only with the gallery item.
    const row = await t.app.db.selectFrom('generations').select(['prompt', 'reference_key']).where('id', '=', accepted.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ prompt: null, reference_key: null });
    // A finished job cannot be canceled.
    expect((await agent.post<ErrorBody>(`/api/generations/${accepted.id}/cancel`)).status).toBe(409);
  });

  // Paging by cursor, the state transitions (delivered twice, canceled once, finished) and the
  // gallery's visibility rules are checked without HTTP in generation.service.test.ts.
  it('refuses a gallery page size or cursor out of bounds, naming the parameter', async () => {
    const { agent } = await signedInUser(t);
    const empty = await agent.get<GalleryPage>('/api/me/gallery?limit=2');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      [`cursor=${'c'.repeat(201)}`, 'cursor'],
    ] as const) {
      const refused = await agent.get<ErrorBody>(`/api/me/gallery?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.field).toBe(field);
    }
  });

  it('serves /generate prefilled from ?artwork= to a signed-in user, and sends visitors to sign in', async () => {
    const artworkId = await ingestTestArtwork(t.app, { prompt: 'tidal pools under a violet sky', negativePrompt: 'blurry' });
    const visitor = await fetch(`${t.baseUrl}/generate?artwork=${artworkId}`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe(`/sign-in?next=/generate%3Fartwork%3D${artworkId}&notice=generate`);

    const { agent } = await signedInUser(t);
    const page = await fetch(`${t.baseUrl}/generate?artwork=${artworkId}`, { headers: { Cookie: agent.cookieHeader(), Accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('>tidal pools under a violet sky</textarea>');
    expect(html).toContain('>blurry</textarea>');
    expect(html).toContain(`name="artworkId" value="${artworkId}"`);
    expect(html).toMatch(/built-in offline renderer/);
  });

});

describe('generation limits with workers elsewhere', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No worker in this process: jobs stay queued.
    t = await startGenerationApp({ GENERATION_WORKER: 'off', GENERATION_QUEUED_PER_USER: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('caps queued jobs per user with 429 and lets a queued job be canceled', async () => {
    const { agent } = await signedInUser(t);
    const first = await requestGeneration(agent);
    await requestGeneration(agent);
    const third = await agent.post<ErrorBody>('/api/generations', { prompt: 'one too many', model: 'offline-sketch' });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();

    const canceled = await agent.post<{ status: string }>(`/api/generations/${first.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    expect((await agent.post<{ status: string }>(`/api/generations/${first.id}/cancel`)).body.status).toBe('canceled');
    // A canceled job frees its place in the queue.
    await requestGeneration(agent);
  });
});
