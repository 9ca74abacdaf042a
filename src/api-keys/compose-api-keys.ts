import { Router } from 'express';
import type { Accounts } from '../accounts/compose-accounts.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { registerApiKeyAccountData } from './api-key-account-data.ts';
import { createApiKeyService } from './api-key.service.ts';
import { createApiKeysRouter } from './api-keys.routes.ts';
import { createBearerAuthentication, type BearerAuthenticationDeps } from './bearer-authentication.ts';

export type ApiKeys = ReturnType<typeof composeApiKeys>;

/** Wires API keys (service, bearer authentication, routes, account data) for src/app.ts. */
export function composeApiKeys({ db, clock, accounts, countRefused }: { db: Db; clock: Clock; accounts: Pick<Accounts, 'registry' | 'securityLog' | 'profile'> } & Pick<BearerAuthenticationDeps, 'countRefused'>) {
  const service = createApiKeyService({ db, clock, securityLog: accounts.securityLog, findAccount: (id) => accounts.profile.findAccount(id) });
  registerApiKeyAccountData(accounts.registry, { db });
  const bearer = createBearerAuthentication({ apiKeys: service, ...(countRefused ? { countRefused } : {}) });
  return {
    service,
    bearer,
    /** Mounted first among the session-less routers, so even those know the key (rate limits per key). */
    authenticationRouter: Router().use(bearer.middleware),
    router: createApiKeysRouter({ apiKeys: service }),
  };
}
