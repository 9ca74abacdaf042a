import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { registerCreditAccountData } from './credit-account-data.ts';
import { createCreditAdminService } from './credit-admin.service.ts';
import { createCreditLedger } from './credit-ledger.service.ts';

export type Credits = ReturnType<typeof composeCredits>;

/** Wires the ledger, its admin corrections and its account data for src/app.ts (billing builds on the ledger). */
export function composeCredits({ config, db, clock, registry, securityLog }: { config: Config; db: Db; clock: Clock; registry: AccountDataRegistry; securityLog: SecurityLog }) {
  const ledger = createCreditLedger({ db, clock, signupGrant: config.CREDITS_SIGNUP_GRANT });
  registerCreditAccountData(registry, { db });
  return {
    ledger,
    /** What generation calls to reserve, settle and refund. */
    billing: ledger.billing,
    admin: createCreditAdminService({ db, ledger, securityLog }),
  };
}
