import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { FAST_QUEUE } from '../generation/support/generation-app.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { callTool, stdioMcpClient } from './support/mcp-clients.ts';

describe('MCP server over stdio (npm run mcp)', () => {
  let t: TestApp;
  let client: Client | undefined;
  const word = `vandrel${process.pid}`;
  let artworkId: string;

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_QUEUE, CREDITS_SIGNUP_GRANT: '3' });
    artworkId = await ingestTestArtwork(t.app, { prompt: `a ${word} greenhouse full of ferns, morning mist, soft light`, model: 'Flux.1 dev' });
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('acts as the key owner: every tool, bad input refused per tool, a generation queued for the server to run', async () => {
    const { account } = await createVerifiedAccount(t.app);
    const { key } = await t.app.apiKeys.service.create(account.id, 'desktop assistant', {});
    client = await stdioMcpClient(t, { ARTSIFT_API_KEY: key });
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['generate_image', 'get_artwork', 'get_generation', 'search_artworks', 'similar_prompts']);

    const search = await callTool<{ hits: { id: string; link: string; model: string }[] }>(client, 'search_artworks', { q: word });
    expect(search.value.hits[0]).toMatchObject({ id: artworkId, model: 'Flux.1 dev', link: `http://artsift.test/a/${artworkId}` });
    expect((await callTool<{ prompt: string }>(client, 'get_artwork', { id: artworkId })).value.prompt).toContain('greenhouse');
    expect((await callTool<{ hits: { id: string }[] }>(client, 'similar_prompts', { prompt: `${word} greenhouse with ferns in the morning mist` })).value.hits[0]!.id).toBe(artworkId);

    for (const [tool, args] of [
      ['search_artworks', { sort: 'oldest' }],
      ['get_artwork', { id: '12a' }],
      ['similar_prompts', {}],
      ['generate_image', { prompt: 'a fox', model: 'offline-sketch', seed: -1 }],
      ['get_generation', {}],
    ] as const) {
      expect((await callTool(client, tool, args)).isError, tool).toBe(true);
    }

    const accepted = await callTool<{ id: string; status: string }>(client, 'generate_image', { model: 'offline-sketch', prompt: 'a greenhouse, pencil sketch' });
    expect(accepted.value.status).toBe('queued');
    // The stdio process only queues; the test app (a server with its worker) runs the job.
    let status = 'queued';
    for (let attempt = 0; attempt < 100 && !['succeeded', 'failed'].includes(status); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      status = (await callTool<{ status: string }>(client, 'get_generation', { id: accepted.value.id })).value.status;
    }
    expect(status).toBe('succeeded');
  });

  it('says in one line when the key is not a key, and exits', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mcp.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.database.url, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', ARTSIFT_API_KEY: 'sk-not-ours' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [exitCode] = (await once(child, 'close')) as [number];
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toBe('error: ARTSIFT_API_KEY must be an artsift API key (as_…, made on the account page)');
  });
});
