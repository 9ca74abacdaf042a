import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { toAccount, type Account } from './account.ts';
import { insertAccount } from './account.repository.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { SecondFactorEnrolment, SecondFactorService } from './second-factor.service.ts';

export interface ProvisionedAccount {
  account: Account;
  /** Admins only: what to put into an authenticator app, and the recovery codes. */
  enrolment?: SecondFactorEnrolment;
}

export type AccountProvisioningService = ReturnType<typeof createAccountProvisioningService>;

/** Operator-created accounts (`npm run cli -- user create`): verified at once; admins get TOTP. */
export function createAccountProvisioningService(deps: { db: Db; clock: Clock; passwords: PasswordHasher; secondFactor: SecondFactorService; securityLog: SecurityLog }) {
  const { db, clock, passwords, secondFactor, securityLog } = deps;
  return {
    async createVerifiedAccount(input: { email: string; password: string; admin: boolean }): Promise<ProvisionedAccount> {
      const created = await insertAccount(db, {
        email: input.email,
        password_hash: await passwords.hash(input.password),
        email_verified_at: clock.now(),
        role: input.admin ? 'admin' : 'user',
      });
      if (!created) throw new ConflictError('An account with this email already exists', 'email');
      await securityLog.record('admin.account_created', { accountId: created.id, details: { role: created.role, via: 'cli' } });
      if (!input.admin) return { account: toAccount(created) };
      const enrolment = await secondFactor.enrol(created.id);
      return { account: { ...toAccount(created), twoFactorEnabled: true }, enrolment };
    },
  };
}
