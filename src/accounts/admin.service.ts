import { deleteSessionsOfAccount } from '../auth/session.repository.ts';
import type { Db } from '../db/connect.ts';
import { NotFoundError } from '../errors.ts';
import type { SecurityLog, SecurityLogEntry } from '../security-log/security-log.service.ts';
import { toAccount, type Account } from './account.ts';
import { countAccounts, findAccountById, listAccountsForAdmin } from './account.repository.ts';

export const ADMIN_PAGE_SIZE = 50;

export interface AdminOverview {
  accounts: Account[];
  totalAccounts: number;
  securityLog: SecurityLogEntry[];
}

export type AdminService = ReturnType<typeof createAdminService>;

/** What /admin shows and does; callers have already checked the admin's second factor. */
export function createAdminService({ db, securityLog }: { db: Db; securityLog: SecurityLog }) {
  return {
    async overview({ page }: { page: number }): Promise<AdminOverview> {
      const [rows, totalAccounts, entries] = await Promise.all([
        listAccountsForAdmin(db, { limit: ADMIN_PAGE_SIZE, offset: (page - 1) * ADMIN_PAGE_SIZE }),
        countAccounts(db),
        securityLog.listRecent({ limit: 100 }),
      ]);
      return { accounts: rows.map(toAccount), totalAccounts, securityLog: entries };
    },

    async securityLogOf(accountId: string): Promise<SecurityLogEntry[]> {
      if (!(await findAccountById(db, accountId))) throw new NotFoundError('No such account');
      return securityLog.listRecent({ limit: 200, accountId });
    },

    /** Signs an account out of every session (a stolen-session response). */
    async revokeSessions(input: { adminId: string; accountId: string; ip?: string }): Promise<number> {
      if (!(await findAccountById(db, input.accountId))) throw new NotFoundError('No such account');
      const revoked = await deleteSessionsOfAccount(db, input.accountId);
      await securityLog.record('admin.sessions_revoked', { accountId: input.adminId, ip: input.ip, details: { targetAccountId: input.accountId, revoked } });
      return revoked;
    },
  };
}
