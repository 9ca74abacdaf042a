import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { TestApp } from '../support/test-app.ts';
import { balanceOf, creditsUser, startCreditsApp, type CreditsBody } from './support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from './support/fake-stripe-api.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function runCli(t: TestApp, args: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: t.dataDir, DATABASE_URL: t.database.url, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'never' };
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/cli.ts', ...args], { cwd: PROJECT_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

describe('credits: CLI grant, pages and configuration', () => {
  let stripe: FakeStripeApi;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    t = await startCreditsApp(stripe.url);
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  it('grants credits from the CLI, in the ledger and the security log; refuses bad arguments', async () => {
    const user = await creditsUser(t);
    const [granted, badAmount, unknown] = await Promise.all([
      runCli(t, ['credits', 'grant', '--email', user.email, '--amount', '40', '--reason', 'beta tester']),
      runCli(t, ['credits', 'grant', '--email', user.email, '--amount', '1.5', '--reason', 'oops']),
      runCli(t, ['credits', 'grant', '--email', 'nobody@example.com', '--amount', '5', '--reason', 'who is this']),
    ]);
    expect(granted.stderr).toBe('');
    expect(granted.exitCode).toBe(0);
    expect(granted.stdout).toMatch(new RegExp(`account ${user.id}: \\+40 credits, balance now 50`));
    expect(badAmount.exitCode).not.toBe(0);
    expect(badAmount.stderr).toMatch(/amount/);
    expect(unknown.exitCode).not.toBe(0);
    expect(await balanceOf(user.agent)).toBe(50);
    const entries = (await user.agent.get<CreditsBody>('/api/me/credits')).body.entries;
    expect(entries[0]).toMatchObject({ amount: 40, reason: 'admin_adjustment', note: 'beta tester' });
    const logged = await t.database.db.selectFrom('security_log').select(['account_id', 'details']).where('event', '=', 'admin.credits_adjusted').execute();
    expect(logged).toContainEqual({ account_id: null, details: { targetAccountId: user.id, amount: 40, via: 'cli' } });
  }, 60_000);

  it('renders /credits with balance, offers and history, and puts the balance slot in the header', async () => {
    const { agent } = await creditsUser(t);
    const page = await agent.get('/credits?checkout=success', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-credits-balance>10<');
    expect(page.text).toContain('data-checkout-pack="starter"');
    expect(page.text).toContain('data-checkout-plan="monthly"');
    expect(page.text).toContain('Welcome credits');
    expect(page.text).toContain('Thank you!');
    expect(page.text).toContain('data-credit-balance');
    const visitor = await fetch(`${t.baseUrl}/credits`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/sign-in?next=/credits');
    const offers = (await (await fetch(`${t.baseUrl}/api/billing/offers`)).json()) as unknown;
    expect(offers).toEqual({ packs: [{ name: 'starter', credits: 100 }], plans: [{ name: 'monthly', credits: 300 }] });
  });

  it('validates pack and plan configuration, naming the variable', () => {
    expect(loadConfig({ CREDIT_PACKS: 'a=price_1:10, b=price_2:20' }).CREDIT_PACKS).toEqual([
      { name: 'a', priceId: 'price_1', credits: 10 },
      { name: 'b', priceId: 'price_2', credits: 20 },
    ]);
    expect(loadConfig({}).CREDIT_PLANS).toEqual([]);
    expect(() => loadConfig({ CREDIT_PACKS: 'a=price_1:zero' })).toThrow(/CREDIT_PACKS/);
    expect(() => loadConfig({ CREDIT_PLANS: 'a=price_1:1,a=price_2:2' })).toThrow(/CREDIT_PLANS.*twice/);
    expect(() => loadConfig({ CREDITS_SIGNUP_GRANT: '-1' })).toThrow(/CREDITS_SIGNUP_GRANT/);
  });
});
