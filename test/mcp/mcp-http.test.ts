import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount, signedInAgent } from '../auth/support/accounts.ts';
import { FAST_QUEUE } from '../generation/support/generation-app.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { callTool, httpMcpClient } from './support/mcp-clients.ts';

interface Hit {
  id: string;
  prompt: string;
  model: string | null;
  link: string;
  thumbnailUrl: string | null;
}

const READ_ONLY_TOOLS = ['get_artwork', 'search_artworks', 'similar_prompts'];

describe('MCP server over Streamable HTTP at /mcp', () => {
  let t: TestApp;
  const clients: Client[] = [];
  const word = `zorblat${process.pid}`;
  let artworkId: string;
  let longPromptId: string;

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_QUEUE, CREDITS_SIGNUP_GRANT: '2', PUBLIC_URL: 'http://artsift.test' });
    artworkId = await ingestTestArtwork(t.app, {
      prompt: `a ${word} lighthouse on a basalt cliff at dusk, oil painting, dramatic clouds`,
      model: 'SDXL 1.0',
      params: { seed: 1234, steps: 28, sampler: 'DPM++ 2M', cfgScale: 6.5 },
    });
    longPromptId = await ingestTestArtwork(t.app, { prompt: `${word} ${'very long prompt words '.repeat(200)}` });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await t?.close();
  });

  const connect = async (key?: string) => {
    const client = await httpMcpClient(t, key);
    clients.push(client);
    return client;
  };
  const newKey = async () => {
    const { account } = await createVerifiedAccount(t.app);
    return { accountId: account.id, key: (await t.app.apiKeys.service.create(account.id, 'assistant', {})).key };
  };

  it('offers anonymous clients the read-only tools only', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(READ_ONLY_TOOLS);
    const refused = await callTool(client, 'generate_image', { model: 'offline-sketch', prompt: 'a fox' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/generate_image/);
  });

  it('searches with filters and answers hits with prompt, model, absolute link and thumbnail URL, size-bounded', async () => {
    const client = await connect();
    const { value, isError } = await callTool<{ hits: Hit[]; estimatedTotal: number; limit: number }>(client, 'search_artworks', { q: word, model: 'SDXL 1.0', limit: 5 });
    expect(isError).toBe(false);
    expect(value.limit).toBe(5);
    const hit = value.hits.find((candidate) => candidate.id === artworkId)!;
    expect(hit).toMatchObject({ model: 'SDXL 1.0', link: `http://artsift.test/a/${artworkId}` });
    expect(hit.prompt).toContain('lighthouse');
    expect(hit.thumbnailUrl).toMatch(/^http:\/\/artsift\.test\/media\//);
    const long = value.hits.find((candidate) => candidate.id === longPromptId)!;
    expect(long.prompt.length).toBeLessThanOrEqual(600);
    expect(long.prompt.endsWith('…')).toBe(true);
  });

  it('gives the full prompt and parameters of one artwork', async () => {
    const client = await connect();
    const { value } = await callTool<{ prompt: string; params: Record<string, unknown>; model: string }>(client, 'get_artwork', { id: artworkId });
    expect(value.prompt).toBe(`a ${word} lighthouse on a basalt cliff at dusk, oil painting, dramatic clouds`);
    expect(value.params).toMatchObject({ seed: 1234, steps: 28, sampler: 'DPM++ 2M', cfgScale: 6.5 });
    expect(value.model).toBe('SDXL 1.0');
  });

  it('finds the closest indexed prompts to a pasted one', async () => {
    const client = await connect();
    const { value } = await callTool<{ hits: Hit[] }>(client, 'similar_prompts', { prompt: `(${word}:1.2) lighthouse on a cliff at dusk, oil painting, stormy sea, 8k`, limit: 3 });
    expect(value.hits[0]!.id).toBe(artworkId);
    expect(value.hits.length).toBeLessThanOrEqual(3);
  });

  it('never returns removed works', async () => {
    const removedWord = `quexil${process.pid}`;
    const removedId = await ingestTestArtwork(t.app, { prompt: `a ${removedWord} teapot, product photo, studio light, white background` });
    await t.app.takedowns.removal.remove({ artworkIds: [removedId], actor: 'cli', reason: 'test' });
    const client = await connect();
    const detail = await callTool(client, 'get_artwork', { id: removedId });
    expect(detail.isError).toBe(true);
    expect(detail.text).toMatch(/^unavailable_for_legal_reasons:/);
    expect((await callTool<{ hits: Hit[] }>(client, 'search_artworks', { q: removedWord })).value.hits).toEqual([]);
    const similar = await callTool<{ hits: Hit[] }>(client, 'similar_prompts', { prompt: `a ${removedWord} teapot, product photo, studio light, white background` });
    expect(similar.value.hits.map((hit) => hit.id)).not.toContain(removedId);
  });

  it('refuses bad input to every tool with the field named', async () => {
    const { key } = await newKey();
    const client = await connect(key);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['search_artworks', { q: 'fox', aspect: 'round' }, /aspect/],
      ['search_artworks', { q: 'fox', limit: 500 }, /limit/],
      ['get_artwork', { id: 'not-a-number' }, /numeric artwork id/],
      ['similar_prompts', { prompt: '   ' }, /paste a prompt/],
      ['generate_image', { model: 'offline-sketch', prompt: 'a fox', aspect: 'round' }, /aspect must be square, portrait or landscape/],
      ['generate_image', { model: 'offline-sketch' }, /prompt/],
      ['get_generation', { id: 'nope' }, /id/],
    ];
    for (const [tool, args, message] of cases) {
      const answer = await callTool(client, tool, args);
      expect(answer.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(answer.text).toMatch(message);
    }
    const unknownModel = await callTool(client, 'generate_image', { model: 'no-such-model', prompt: 'a fox' });
    expect(unknownModel.isError).toBe(true);
    expect(unknownModel.text).toMatch(/^invalid_input:.*model/);
  });

  it('with a key, queues a generation that spends credits and follows it to the gallery', async () => {
    const { key, accountId } = await newKey();
    const client = await connect(key);
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['generate_image', 'get_generation', ...READ_ONLY_TOOLS].sort());
    const accepted = await callTool<{ id: string; status: string }>(client, 'generate_image', { model: 'offline-sketch', prompt: 'a red fox in fresh snow, watercolour', aspect: 'portrait' });
    expect(accepted.isError, accepted.text).toBe(false);
    expect(accepted.value.status).toBe('queued');

    let state = (await callTool<{ status: string; galleryUrl: string | null }>(client, 'get_generation', { id: accepted.value.id })).value;
    for (let attempt = 0; attempt < 100 && !['succeeded', 'failed'].includes(state.status); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      state = (await callTool<{ status: string; galleryUrl: string | null }>(client, 'get_generation', { id: accepted.value.id })).value;
    }
    expect(state.status).toBe('succeeded');
    expect(state.galleryUrl).toMatch(/^http:\/\/artsift\.test\/g\//);
    const balance = await t.database.db.selectFrom('credit_balances').select('balance').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(balance.balance).toBe(1);

    // Another account's job is not found; no credits left means payment_required.
    const other = await connect((await newKey()).key);
    expect((await callTool(other, 'get_generation', { id: accepted.value.id })).text).toMatch(/^not_found:/);
    await callTool(client, 'generate_image', { model: 'offline-sketch', prompt: 'a second fox' });
    const broke = await callTool(client, 'generate_image', { model: 'offline-sketch', prompt: 'a third fox' });
    expect(broke.isError).toBe(true);
    expect(broke.text).toMatch(/^payment_required:/);
  });

  it('never acts for a session cookie: a signed-in browser gets the read-only tools', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, email, password);
    const response = await fetch(`${t.baseUrl}/mcp`, {
      method: 'POST',
      headers: { Cookie: agent.cookieHeader(), 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((tool) => tool.name).sort()).toEqual(READ_ONLY_TOOLS);
  });

  it('refuses unknown keys with 401, and answers 405 to GET', async () => {
    const response = await fetch(`${t.baseUrl}/mcp`, {
      method: 'POST',
      headers: { Authorization: 'Bearer as_' + 'A'.repeat(43), 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect((await fetch(`${t.baseUrl}/mcp`, { headers: { Accept: 'text/event-stream' } })).status).toBe(405);
  });
});
