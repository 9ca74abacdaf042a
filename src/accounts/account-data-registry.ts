import type { Readable } from 'node:stream';
import type { Db } from '../db/connect.ts';

/** The account being deleted, as its data owners need it. */
export interface DeletedAccount {
  id: string;
  /** Random, fresh per deletion: what rows kept for audit point to instead of the account. */
  anonymousId: string;
  avatarKey: string | null;
}

/** A file in the data export, opened only when the zip reaches it. */
export interface ExportFile {
  path: string;
  open(): Promise<Readable | undefined>;
}

export interface AccountExportPart {
  /** Merged into account.json under the owner's name. */
  json?: unknown;
  files?: ExportFile[];
}

/**
 * What one kind of per-account data (sessions, security log, avatar; later the gallery,
 * generations and credit ledger) does when its owner deletes the account or exports it.
 */
export interface AccountDataOwner {
  /** Names the owner in account.json and in logs. */
  name: string;
  /**
   * Inside the deletion transaction, before the account row is deleted: delete this owner's
   * rows, or replace the account reference with `anonymousId` where rows must stay for audit.
   */
  deleteInTransaction?(trx: Db, account: DeletedAccount): Promise<void>;
  /** After the commit: files and other things outside PostgreSQL. Failures are logged, not retried here. */
  afterDeletion?(account: DeletedAccount): Promise<void>;
  exportData?(accountId: string): Promise<AccountExportPart>;
}

export interface AccountDataRegistry {
  register(owner: AccountDataOwner): void;
  owners(): readonly AccountDataOwner[];
}

export function createAccountDataRegistry(): AccountDataRegistry {
  const registered: AccountDataOwner[] = [];
  return {
    register(owner) {
      if (registered.some((existing) => existing.name === owner.name)) throw new Error(`Account data owner "${owner.name}" registered twice`);
      registered.push(owner);
    },
    owners: () => registered,
  };
}
