import type { App } from '../../../src/app.ts';
import type { TestApp } from '../../support/test-app.ts';
import { HttpAgent } from './http-agent.ts';

/** Cheap hashing for tests; production keeps scrypt's OWASP cost (PASSWORD_HASH_COST=17). */
export const FAST_HASHING = { PASSWORD_HASH_COST: '10' };

export const GOOD_PASSWORD = 'correct horse battery staple';

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** A verified account made through the operator path (the CLI's service), for tests not about sign-up. */
export async function createVerifiedAccount(app: App, options: { email?: string; password?: string; admin?: boolean } = {}) {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? GOOD_PASSWORD;
  const provisioned = await app.accounts.provisioning.createVerifiedAccount({ email, password, admin: options.admin ?? false });
  return { ...provisioned, email, password };
}

/** An agent signed in with email and password. */
export async function signedInAgent(t: TestApp, email: string, password: string, totp?: string): Promise<HttpAgent> {
  const agent = new HttpAgent(t.baseUrl);
  const response = await agent.post('/api/auth/login', { email, password, ...(totp ? { totp } : {}) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return agent;
}
