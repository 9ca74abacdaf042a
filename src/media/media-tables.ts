import type { ColumnType } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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
