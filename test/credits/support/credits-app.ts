import { generate } from 'otplib';
import { createVerifiedAccount, signedInAgent } from '../../auth/support/accounts.ts';
import type { HttpAgent } from '../../auth/support/http-agent.ts';
import { FAST_QUEUE } from '../../generation/support/generation-app.ts';
import type { OpenAppOptions } from '../../../src/app.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { WEBHOOK_SECRET } from './stripe-webhooks.ts';

export interface CreditsBody {
  balance: number;
  flagged: boolean;
  entries: { id: string; amount: number; reason: string; generationId: string | null; note: string | null }[];
  nextCursor: string | null;
}

/** The app with credits, one pack and one plan, Stripe pointed at `stripeApiUrl` (the stand-in). */
export function startCreditsApp(stripeApiUrl: string, env: Record<string, string> = {}, options: Pick<OpenAppOptions, 'clock'> = {}): Promise<TestApp> {
  return startTestApp({
    ...FAST_QUEUE,
    CREDITS_SIGNUP_GRANT: '10',
    CREDIT_PACKS: 'starter=price_starter:100',
    CREDIT_PLANS: 'monthly=price_monthly:300',
    STRIPE_SECRET_KEY: 'sk_test_artsift',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE_URL: stripeApiUrl,
    ...env,
  }, options);
}

/** A verified account, signed in, with its password (for deletion). */
export async function creditsUser(t: TestApp): Promise<{ agent: HttpAgent; id: string; email: string; password: string }> {
  const created = await createVerifiedAccount(t.app);
  const agent = await signedInAgent(t, created.email, created.password);
  return { agent, id: created.account.id, email: created.email, password: created.password };
}

/** An admin who passed the TOTP step, as /api/admin/* requires. */
export async function creditsAdmin(t: TestApp): Promise<{ agent: HttpAgent; id: string }> {
  const admin = await createVerifiedAccount(t.app, { admin: true });
  const secret = new URL(admin.enrolment!.otpauthUri).searchParams.get('secret')!;
  const totp = await generate({ secret, epoch: Math.floor(t.app.clock.now().getTime() / 1000) });
  const agent = await signedInAgent(t, admin.email, admin.password);
  const passed = await agent.post('/api/auth/totp', { code: totp });
  if (passed.status !== 200) throw new Error(`TOTP step failed: ${passed.status} ${passed.text}`);
  return { agent, id: admin.account.id };
}

export async function balanceOf(agent: HttpAgent): Promise<number> {
  return (await agent.get<CreditsBody>('/api/me/credits')).body.balance;
}
