import type { DefaultedTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Keys of users' private files (migrations/20261128020000_media_encryption_keys.ts), part of the
 * Database interface in src/db/database.ts.
 */
export interface MediaTables {
  storage_master_keys: StorageMasterKeysTable;
  media_object_keys: MediaObjectKeysTable;
}

/** Fingerprints of the storage master keys that object keys may be wrapped by (the keys live outside the database). */
export interface StorageMasterKeysTable {
  id: string;
  created_at: DefaultedTimestamp;
}

/** One private object's data key, wrapped (AES-256-GCM) by the master key named by master_key_id. */
export interface MediaObjectKeysTable {
  media_key: string;
  master_key_id: string;
  wrapped_key: Buffer;
  created_at: DefaultedTimestamp;
}

export const mediaTableColumns = {
  storage_master_keys: { id: 'not null', created_at: 'not null' },
  media_object_keys: { media_key: 'not null', master_key_id: 'not null', wrapped_key: 'not null', created_at: 'not null' },
} as const satisfies TableColumns<MediaTables>;
