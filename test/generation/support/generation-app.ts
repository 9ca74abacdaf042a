import { expect } from 'vitest';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from '../../auth/support/accounts.ts';
import type { HttpAgent } from '../../auth/support/http-agent.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

/** Fast queue settings for tests: workers poll twice a second. */
export const FAST_QUEUE = { ...FAST_HASHING, GENERATION_QUEUE_POLL_SECONDS: '0.5', GENERATION_QUEUE_MAINTENANCE_SECONDS: '1' };

export function startGenerationApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ ...FAST_QUEUE, ...env });
}

export interface GenerationBody {
  id: string;
  status: string;
  error: string | null;
  galleryItemId: string | null;
  artworkId: string | null;
}

/** A fresh verified account with a username, signed in. */
export async function signedInUser(t: TestApp): Promise<{ agent: HttpAgent; id: string; username: string }> {
  const created = await createVerifiedAccount(t.app);
  const agent = await signedInAgent(t, created.email, created.password);
  const username = `gen_${created.account.id}`;
  expect((await agent.send('PATCH', '/api/me', { username })).status).toBe(200);
  return { agent, id: created.account.id, username };
}

export async function requestGeneration(agent: HttpAgent, body: Record<string, unknown> = {}): Promise<GenerationBody> {
  const response = await agent.post<GenerationBody>('/api/generations', { prompt: 'a red fox in fresh snow, watercolour', model: 'offline-sketch', ...body });
  expect(response.status, response.text).toBe(202);
  return response.body;
}

/** Polls GET /api/generations/:id until it reaches one of `statuses`. */
export async function waitForGeneration(agent: HttpAgent, id: string, statuses: string[], timeoutMs = 15_000): Promise<GenerationBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await agent.get<GenerationBody>(`/api/generations/${id}`);
    expect(response.status).toBe(200);
    if (statuses.includes(response.body.status)) return response.body;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${response.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
