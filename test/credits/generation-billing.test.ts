import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForGeneration } from '../generation/support/generation-app.ts';
import { automatic1111Models, startFakeAutomatic1111, type FakeAutomatic1111 } from '../generation/support/fake-automatic1111.ts';
import type { TestApp } from '../support/test-app.ts';
import { balanceOf, creditsUser, startCreditsApp, type CreditsBody } from './support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from './support/fake-stripe-api.ts';

describe('generation billing with a running worker', () => {
  let stripe: FakeStripeApi;
  let provider: FakeAutomatic1111;
  let modelsDir: string;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    provider = await startFakeAutomatic1111();
    modelsDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-credits-models-'));
    const modelsFile = path.join(modelsDir, 'models.json');
    await writeFile(modelsFile, JSON.stringify(automatic1111Models(provider.baseUrl)));
    t = await startCreditsApp(stripe.url, { MODELS_FILE: modelsFile });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
    await stripe?.close();
    if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
  });

  it('shows the per-aspect cost on GET /api/models', async () => {
    const response = await fetch(`${t.baseUrl}/api/models`);
    const body = (await response.json()) as { models: { id: string; costCredits: Record<string, number> }[] };
    expect(body.models).toContainEqual(expect.objectContaining({ id: 'local-sd', costCredits: { square: 3, portrait: 3, landscape: 3 } }));
  });

  it('settles a finished job and refunds a failed one, each exactly once', async () => {
    const { agent, id } = await creditsUser(t);
    provider.script('ok');
    const good = await agent.post<{ id: string }>('/api/generations', { prompt: 'a lighthouse', model: 'local-sd' });
    expect(good.status).toBe(202);
    await waitForGeneration(agent, good.body.id, ['succeeded']);
    expect(await balanceOf(agent)).toBe(7);

    provider.script('server-error', 'server-error', 'server-error');
    const bad = await agent.post<{ id: string }>('/api/generations', { prompt: 'a lighthouse', model: 'local-sd' });
    expect(bad.status).toBe(202);
    expect(await balanceOf(agent)).toBe(4);
    await waitForGeneration(agent, bad.body.id, ['failed'], 20_000);
    // A late duplicate call (a retried hook) changes nothing.
    await t.app.credits.billing.refund(bad.body.id);
    await t.app.credits.billing.settle(bad.body.id);
    expect(await balanceOf(agent)).toBe(7);

    const entries = await t.database.db.selectFrom('credit_entries').select(['generation_id', 'reason', 'amount']).where('account_id', '=', id).where('generation_id', 'is not', null).orderBy('id').execute();
    expect(entries).toEqual([
      { generation_id: good.body.id, reason: 'generation_reserved', amount: -3 },
      { generation_id: good.body.id, reason: 'generation_settled', amount: 0 },
      { generation_id: bad.body.id, reason: 'generation_reserved', amount: -3 },
      { generation_id: bad.body.id, reason: 'generation_refunded', amount: 3 },
    ]);
    // Settlement is bookkeeping: the history the user sees leaves it out.
    const history = (await agent.get<CreditsBody>('/api/me/credits')).body.entries.map((entry) => entry.reason);
    expect(history).toEqual(['generation_refunded', 'generation_reserved', 'generation_reserved', 'signup_grant']);
  });
});
