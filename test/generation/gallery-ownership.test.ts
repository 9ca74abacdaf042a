import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent } from '../auth/support/http-agent.ts';
import type { TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp, waitForGeneration } from './support/generation-app.ts';

interface Item {
  id: string;
  visibility: string;
  thumbnailUrl: string;
  previewUrl: string;
  downloadUrl: string;
}

describe('gallery ownership and visibility', () => {
  let t: TestApp;
  let alice: Awaited<ReturnType<typeof signedInUser>>;
  let bob: Awaited<ReturnType<typeof signedInUser>>;
  let generationId: string;
  let item: Item;

  beforeAll(async () => {
    t = await startGenerationApp();
    alice = await signedInUser(t);
    bob = await signedInUser(t);
    const done = await waitForGeneration(alice.agent, (await requestGeneration(alice.agent, { prompt: 'alice’s secret garden' })).id, ['succeeded']);
    generationId = done.id;
    const gallery = await alice.agent.get<{ items: Item[] }>('/api/me/gallery');
    item = gallery.body.items[0]!;
  });
  afterAll(async () => {
    await t?.close();
  });

  const imageUrls = () => [item.thumbnailUrl, item.previewUrl, item.downloadUrl];

  it('gives another user 404 on every generation and gallery route', async () => {
    const { agent } = bob;
    expect((await agent.get(`/api/generations/${generationId}`)).status).toBe(404);
    expect((await agent.get(`/api/generations/${generationId}/events`)).status).toBe(404);
    expect((await agent.post(`/api/generations/${generationId}/cancel`)).status).toBe(404);
    expect((await agent.send('PATCH', `/api/gallery/${item.id}`, { visibility: 'public' })).status).toBe(404);
    expect((await agent.send('DELETE', `/api/gallery/${item.id}`)).status).toBe(404);
    for (const url of imageUrls()) expect((await agent.get(url)).status, url).toBe(404);
    expect((await agent.get<{ items: Item[] }>('/api/me/gallery')).body.items).toEqual([]);
    // Malformed ids are just as unknown.
    expect((await agent.get('/api/generations/not-a-uuid')).status).toBe(404);
    expect((await agent.send('DELETE', '/api/gallery/not-a-uuid')).status).toBe(404);
  });

  it('keeps a private item from everyone but its owner, including the public page', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    for (const url of imageUrls()) {
      expect((await visitor.get(url)).status, url).toBe(404);
      expect((await alice.agent.get(url)).status, url).toBe(200);
    }
    const page = await fetch(`${t.baseUrl}/u/${alice.username}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(item.id);
  });

  it('shows a public item to everyone at /u/:username, and hides it again', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    const made = await alice.agent.send<Item>('PATCH', `/api/gallery/${item.id}`, { visibility: 'public' });
    expect(made.body.visibility).toBe('public');
    const page = await (await fetch(`${t.baseUrl}/u/${alice.username}`)).text();
    expect(page).toContain(item.id);
    expect(page).toContain('alice’s secret garden');
    for (const url of imageUrls()) expect((await visitor.get(url)).status, url).toBe(200);

    expect((await alice.agent.send('PATCH', `/api/gallery/${item.id}`, { visibility: 'hidden' })).status).toBe(400);
    await alice.agent.send('PATCH', `/api/gallery/${item.id}`, { visibility: 'private' });
    expect((await visitor.get(item.downloadUrl)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/u/nobody_here_at_all`)).status).toBe(404);
  });

  it('deletes the row and its files at once', async () => {
    const row = await t.app.db.selectFrom('gallery_items').select(['full_key', 'thumbnail_key', 'preview_key']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect((await alice.agent.send('DELETE', `/api/gallery/${item.id}`)).status).toBe(204);
    expect(await t.app.db.selectFrom('gallery_items').select('id').where('id', '=', item.id).executeTakeFirst()).toBeUndefined();
    for (const key of Object.values(row)) expect(await t.app.storage.exists(key), key).toBe(false);
    expect((await alice.agent.get(item.downloadUrl)).status).toBe(404);
    expect((await alice.agent.send('DELETE', `/api/gallery/${item.id}`)).status).toBe(404);
  });
});
