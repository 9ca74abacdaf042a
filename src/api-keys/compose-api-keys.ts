import type { Accounts } from '../accounts/compose-accounts.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { registerApiKeyAccountData } from './api-key-account-data.ts';
import { createApiKeyService } from './api-key.service.ts';

export type ApiKeys = ReturnType<typeof composeApiKeys>;

/** Wires API keys (the service and their part of account export and deletion) for src/app.ts. */
export function composeApiKeys({ db, clock, accounts }: { db: Db; clock: Clock; accounts: Pick<Accounts, 'registry' | 'securityLog' | 'profile'> }) {
  registerApiKeyAccountData(accounts.registry, { db });
  return { service: createApiKeyService({ db, clock, securityLog: accounts.securityLog, findAccount: (id) => accounts.profile.findAccount(id) }) };
}
