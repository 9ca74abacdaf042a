import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';

/**
 * Tables of accounts, sessions and the security log (migrations/20261123000300_accounts.ts),
 * part of the Database interface in database.ts.
 */

type BigintId = GeneratedAlways<string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

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
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTimestamp;
}

export interface SessionsTable {
  sid: string;
  account_id: string | null;
  /** express-session's serialised session, validated when read back. */
  data: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface SecurityLogTable {
  id: BigintId;
  occurred_at: DefaultedTimestamp;
  event: string;
  account_id: string | null;
  anonymous_subject: string | null;
  ip_hash: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export type SecurityLogRow = Selectable<SecurityLogTable>;
