import type { AccountRole, AccountRow } from './account-tables.ts';

/** An account as the rest of the code sees it: no password hash, no TOTP secret. */
export interface Account {
  id: string;
  email: string;
  username: string | null;
  role: AccountRole;
  emailVerified: boolean;
  hasPassword: boolean;
  googleLinked: boolean;
  twoFactorEnabled: boolean;
  avatarKey: string | null;
  createdAt: Date;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    role: row.role,
    emailVerified: row.email_verified_at !== null,
    hasPassword: row.password_hash !== null,
    googleLinked: row.google_sub !== null,
    twoFactorEnabled: row.totp_secret !== null,
    avatarKey: row.avatar_key,
    createdAt: row.created_at,
  };
}

/** The JSON shape of GET /api/me. */
export interface MeResponse {
  id: string;
  email: string;
  username: string | null;
  role: AccountRole;
  emailVerified: boolean;
  signInMethods: ('password' | 'google')[];
  twoFactorEnabled: boolean;
  avatarUrl: string | null;
  createdAt: string;
}

export function toMeResponse(account: Account, mediaUrl: (key: string) => string): MeResponse {
  return {
    id: account.id,
    email: account.email,
    username: account.username,
    role: account.role,
    emailVerified: account.emailVerified,
    signInMethods: [...(account.hasPassword ? (['password'] as const) : []), ...(account.googleLinked ? (['google'] as const) : [])],
    twoFactorEnabled: account.twoFactorEnabled,
    avatarUrl: account.avatarKey ? mediaUrl(account.avatarKey) : null,
    createdAt: account.createdAt.toISOString(),
  };
}
