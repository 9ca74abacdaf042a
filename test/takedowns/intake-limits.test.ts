import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { completeNotice } from './support/takedown-helpers.ts';

describe('notice intake limits and the operator switch', () => {
  let open: TestApp;
  let paused: TestApp;

  beforeAll(async () => {
    [open, paused] = await Promise.all([startTestApp(), startTestApp({ TAKEDOWN_INTAKE: 'paused' })]);
  });
  afterAll(async () => {
    await Promise.all([open?.close(), paused?.close()]);
  });

  it('limits notices per address and per email', async () => {
    const artworkId = await ingestTestArtwork(open.app);
    const agent = new HttpAgent(open.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await agent.post('/api/takedowns', completeNotice([artworkId], 'same@studio.example'))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    for (let i = 0; i < 4; i++) expect((await agent.post('/api/takedowns', completeNotice([artworkId], `other${i}@studio.example`))).status).toBe(202);
    const limited = await agent.post<{ error: { message: string } }>('/api/takedowns', completeNotice([artworkId], 'fresh@studio.example'));
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/from this address/);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers 503 while intake is paused', async () => {
    const agent = new HttpAgent(paused.baseUrl);
    const refused = await agent.post<{ error: { message: string } }>('/api/takedowns', completeNotice(['1']));
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/paused/);
    expect((await agent.get('/dmca', { Accept: 'text/html' })).status).toBe(200);
  });
});
