import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';

/** The creator proved `handle` on `source` is theirs and asked not to be indexed (creator claims). */
export async function isOptedOutHandle(db: Db, source: string, handle: string): Promise<boolean> {
  const claim = await db
    .selectFrom('creator_claims')
    .select('id')
    .where('opted_out', '=', true)
    .where('verified_at', 'is not', null)
    .where('source', '=', source)
    .where(sql<string>`lower(handle)`, '=', handle.toLowerCase())
    .limit(1)
    .executeTakeFirst();
  return claim !== undefined;
}
