import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { ArtworkRow, NewArtworkRow } from './artwork-tables.ts';

/** Rows that may be shown anywhere public: not taken down, not folded into another work. */
const visible = { takedown_state: 'none' } as const;

export async function findArtworkBySourceId(db: Db, source: string, sourceId: string) {
  return db
    .selectFrom('artworks')
    .selectAll()
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

export async function findArtworkById(db: Db, id: string): Promise<ArtworkRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db.selectFrom('artworks').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts or updates by (source, source_id). Returns the row and whether it was new;
 * `xmax = 0` is Postgres' way of telling an insert from an update in ON CONFLICT.
 */
export async function upsertArtwork(db: Db, row: NewArtworkRow): Promise<{ row: ArtworkRow; inserted: boolean }> {
  const { source, source_id, ...rest } = row;
  const result = await db
    .insertInto('artworks')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['source', 'source_id']).doUpdateSet({ ...rest, updated_at: sql`now()` }),
    )
    .returningAll()
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
  const { inserted, ...artwork } = result;
  void source;
  void source_id;
  return { row: artwork, inserted };
}

/** Another visible artwork with the same original bytes (same work crawled from elsewhere). */
export async function findCanonicalBySha256(db: Db, sha256: string, excludeId: string) {
  return db
    .selectFrom('artworks')
    .select(['id'])
    .where('sha256', '=', sha256)
    .where('id', '!=', excludeId)
    .where('duplicate_of', 'is', null)
    .where('takedown_state', '=', visible.takedown_state)
    .orderBy('id')
    .executeTakeFirst();
}

export async function findArtworksForSearchDocuments(db: Db, ids: string[]): Promise<ArtworkRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('artworks').selectAll().where('id', 'in', ids).execute();
}

/** Keyset-paged walk over everything the search index should hold, for full rebuilds. */
export async function* iterateIndexableArtworks(db: Db, batchSize: number): AsyncGenerator<ArtworkRow[]> {
  let afterId = '0';
  for (;;) {
    const rows = await db
      .selectFrom('artworks')
      .selectAll()
      .where('takedown_state', '=', visible.takedown_state)
      .where('duplicate_of', 'is', null)
      .where(sql<boolean>`id > ${afterId}::bigint`)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1]!.id;
  }
}

export async function countIndexableArtworks(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom('artworks')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('takedown_state', '=', visible.takedown_state)
    .where('duplicate_of', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function countArtworks(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom('artworks')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}


/** Public artworks with ids in (fromId, toId], for one sitemap file. */
export async function listArtworksForSitemap(db: Db, fromId: number, toId: number) {
  return db
    .selectFrom('artworks')
    .select(['id', 'updated_at'])
    .where('takedown_state', '=', visible.takedown_state)
    .where('duplicate_of', 'is', null)
    .where('nsfw', '=', false)
    .where(sql<boolean>`id > ${fromId}::bigint and id <= ${toId}::bigint`)
    .orderBy('id')
    .execute();
}

export async function maxArtworkId(db: Db): Promise<string> {
  const { max } = await db
    .selectFrom('artworks')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('max'))
    .executeTakeFirstOrThrow();
  return max;
}
