import type { Account } from '../accounts/account.ts';
import type { ApiKeySummary, CreatedApiKey } from './api-key-responses.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { hashApiKey, looksLikeApiKey, newApiKeySecret } from './api-key-secret.ts';
import {
  countApiKeysOfAccount,
  deleteApiKeyOfAccount,
  findApiKeyForAuthentication,
  insertApiKey,
  listApiKeysOfAccount,
  recordApiKeyUse,
} from './api-key.repository.ts';

/** Enough for every script and assistant one person runs; a runaway client cannot mint without end. */
export const API_KEYS_PER_ACCOUNT = 25;
/** last_used_at is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type { ApiKeySummary, CreatedApiKey };

/** Who a request's key belongs to. */
export interface ApiKeyPrincipal {
  keyId: string;
  account: Account;
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

function toSummary(row: { id: string; name: string; prefix: string; created_at: Date; last_used_at: Date | null }): ApiKeySummary {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.created_at.toISOString(), lastUsedAt: row.last_used_at?.toISOString() ?? null };
}

export function createApiKeyService(deps: { db: Db; clock: Clock; securityLog: SecurityLog; findAccount: (id: string) => Promise<Account | undefined> }) {
  const { db, clock, securityLog, findAccount } = deps;
  return {
    async create(accountId: string, name: string, context: { ip?: string | undefined }): Promise<CreatedApiKey> {
      const secret = newApiKeySecret();
      const row = await db.transaction().execute(async (trx) => {
        // Serialises creations of one account, so concurrent requests cannot pass the cap together.
        await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
        if ((await countApiKeysOfAccount(trx, accountId)) >= API_KEYS_PER_ACCOUNT) {
          throw new ConflictError(`At most ${API_KEYS_PER_ACCOUNT} API keys per account; revoke one you no longer use first`, 'name');
        }
        return insertApiKey(trx, { accountId, name, prefix: secret.prefix, secretHash: secret.hash, createdAt: clock.now() });
      });
      await securityLog.record('api_key.created', { accountId, ip: context.ip, details: { keyId: row.id, prefix: row.prefix } });
      return { ...toSummary(row), key: secret.key };
    },

    async list(accountId: string): Promise<ApiKeySummary[]> {
      return (await listApiKeysOfAccount(db, accountId)).map(toSummary);
    },

    async revoke(accountId: string, id: string, context: { ip?: string | undefined }): Promise<void> {
      if (!(await deleteApiKeyOfAccount(db, accountId, id))) throw new NotFoundError('No API key of yours with this id');
      await securityLog.record('api_key.revoked', { accountId, ip: context.ip, details: { keyId: id } });
    },

    /** The key's owner, or undefined for a malformed, unknown or revoked key. */
    async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
      if (!looksLikeApiKey(key)) return undefined;
      const row = await findApiKeyForAuthentication(db, hashApiKey(key));
      if (!row) return undefined;
      const account = await findAccount(row.account_id);
      if (!account) return undefined;
      const now = clock.now();
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) await recordApiKeyUse(db, row.id, now);
      return { keyId: row.id, account };
    },
  };
}
