import { findAccountByEmail, findAccountById } from '../accounts/account.repository.ts';
import type { Db } from '../db/connect.ts';
import { NotFoundError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import type { CreditLedger } from './credit-ledger.service.ts';

export type CreditAdminService = ReturnType<typeof createCreditAdminService>;

export interface CreditAdjustment {
  amount: number;
  reason: string;
  /** The admin who made it; absent for the operator's CLI. */
  adminAccountId?: string;
  ip?: string;
}

/** Operator corrections of balances: each is a ledger entry and a security-log event. */
export function createCreditAdminService({ db, ledger, securityLog }: { db: Db; ledger: CreditLedger; securityLog: SecurityLog }) {
  async function adjust(accountId: string, { amount, reason, adminAccountId, ip }: CreditAdjustment): Promise<{ accountId: string; balance: number }> {
    const balance = await ledger.adjust({ accountId, amount, reason, ...(adminAccountId ? { adminAccountId } : {}) });
    await securityLog.record('admin.credits_adjusted', {
      accountId: adminAccountId ?? null,
      ip,
      details: { targetAccountId: accountId, amount, via: adminAccountId ? 'admin_page' : 'cli' },
    });
    return { accountId, balance };
  }

  return {
    async adjustById(accountId: string, adjustment: CreditAdjustment) {
      if (!(await findAccountById(db, accountId))) throw new NotFoundError('No such account');
      return adjust(accountId, adjustment);
    },
    async adjustByEmail(email: string, adjustment: CreditAdjustment) {
      const account = await findAccountByEmail(db, email);
      if (!account) throw new NotFoundError(`No account with the email ${email}`);
      return adjust(account.id, adjustment);
    },
    balanceOf: (accountId: string) => ledger.balanceOf(accountId),
  };
}
