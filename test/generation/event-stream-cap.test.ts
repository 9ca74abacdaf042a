import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STREAMS_PER_ACCOUNT } from '../../src/http/routes/generation/generation.routes.ts';
import type { HttpAgent } from '../auth/support/http-agent.ts';
import type { TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp } from './support/generation-app.ts';

describe('event streams per account', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No worker: jobs stay queued, so their streams stay open.
    t = await startGenerationApp({ GENERATION_WORKER: 'off' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function openStream(agent: HttpAgent, id: string): Promise<{ status: number; close: () => void }> {
    const controller = new AbortController();
    const response = await fetch(`${t.baseUrl}/api/generations/${id}/events`, { headers: { Cookie: agent.cookieHeader() }, signal: controller.signal });
    if (response.status !== 200) {
      await response.text();
      return { status: response.status, close: () => {} };
    }
    // The first event arrives at once: the stream is open and counted.
    const reader = response.body!.getReader();
    await reader.read();
    return { status: 200, close: () => controller.abort() };
  }

  it(`opens at most ${EVENT_STREAMS_PER_ACCOUNT} at once, refuses more with 429, and frees a slot when one closes`, async () => {
    const user = await signedInUser(t);
    const job = await requestGeneration(user.agent);
    const streams = [];
    for (let index = 0; index < EVENT_STREAMS_PER_ACCOUNT; index++) streams.push(await openStream(user.agent, job.id));
    expect(streams.map((stream) => stream.status)).toEqual(Array(EVENT_STREAMS_PER_ACCOUNT).fill(200));
    expect((await openStream(user.agent, job.id)).status).toBe(429);

    // Another account is not affected.
    const other = await signedInUser(t);
    const othersJob = await requestGeneration(other.agent);
    const othersStream = await openStream(other.agent, othersJob.id);
    expect(othersStream.status).toBe(200);

    streams.pop()!.close();
    // The server notices the closed connection on its own time: wait for the slot, never longer than needed.
    let reopened = await openStream(user.agent, job.id);
    for (let attempt = 0; reopened.status === 429 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reopened = await openStream(user.agent, job.id);
    }
    expect(reopened.status).toBe(200);
    for (const stream of [...streams, reopened, othersStream]) stream.close();
  });
});
