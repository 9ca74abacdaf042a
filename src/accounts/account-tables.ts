import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BigintId, DefaultedTimestamp, NullableTimestamp, RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Accounts, their recovery codes and emailed tokens (migrations/20261123000300_accounts.ts),
 * part of the Database interface in src/db/database.ts.
 */
export interface AccountTables {
  accounts: AccountsTable;
  account_recovery_codes: AccountRecoveryCodesTable;
  account_tokens: AccountTokensTable;
}

export type AccountRole = 'user' | 'admin';

export interface AccountsTable {
  id: BigintId;
  email: string;
  username: string | null;
  password_hash: string | null;
  email_verified_at: NullableTimestamp;
  google_sub: string | null;
  role: Generated<AccountRole>;
  totp_secret: string | null;
  /** pg returns bigint as a string. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  avatar_key: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type AccountRow = Selectable<AccountsTable>;

export interface AccountRecoveryCodesTable {
  account_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

export interface AccountTokensTable {
  token_hash: string;
  account_id: string;
  purpose: AccountTokenPurpose;
  created_at: DefaultedTimestamp;
  expires_at: RequiredTimestamp;
  used_at: NullableTimestamp;
}

export const accountTableColumns = {
  accounts: {
    id: 'not null',
    email: 'not null',
    username: 'nullable',
    password_hash: 'nullable',
    email_verified_at: 'nullable',
    google_sub: 'nullable',
    role: 'not null',
    totp_secret: 'nullable',
    totp_last_step: 'nullable',
    avatar_key: 'nullable',
    created_at: 'not null',
    updated_at: 'not null',
  },
  account_recovery_codes: {
    account_id: 'not null',
    code_hash: 'not null',
    used_at: 'nullable',
  },
  account_tokens: {
    token_hash: 'not null',
    account_id: 'not null',
    purpose: 'not null',
    created_at: 'not null',
    expires_at: 'not null',
    used_at: 'nullable',
  },
} as const satisfies TableColumns<AccountTables>;
