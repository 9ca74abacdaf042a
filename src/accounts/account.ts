import { z } from 'zod';
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
export const meResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string().nullable(),
  role: z.enum(['user', 'admin']),
  emailVerified: z.boolean(),
  signInMethods: z.array(z.enum(['password', 'google'])),
  twoFactorEnabled: z.boolean(),
  avatarUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export type MeResponse = z.infer<typeof meResponseSchema>;

/** Admins must pass their second factor before admin routes open; everyone else never needs it. */
export const secondFactorStateSchema = z.enum(['not_required', 'required', 'passed']);

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
