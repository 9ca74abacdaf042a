import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';

/** Perceptual hashes this close are the same picture re-encoded, resized or lightly compressed. */
export const NEAR_DUPLICATE_MAX_DISTANCE = 4;

/**
 * Five bands of the 64-bit hash (13+13+13+13+12 bits): two hashes within 4 bits agree exactly
 * on at least one (pigeonhole). The migration indexes the same expressions, `(phash >> s) & m`,
 * so candidates come from five index lookups instead of a scan of every artwork.
 */
const BANDS = [
  { shift: 0n, mask: 8191n },
  { shift: 13n, mask: 8191n },
  { shift: 26n, mask: 8191n },
  { shift: 39n, mask: 8191n },
  { shift: 52n, mask: 4095n },
] as const;

/** The earlier, visible work from another source that looks the same as `artwork`, if any. */
export function nearDuplicateCanonicalQuery(artwork: { id: string; source: string; phash: bigint }) {
  // BigInt >> is arithmetic like PostgreSQL's on a signed bigint, so the masked bands agree.
  const [b0, b1, b2, b3, b4] = BANDS.map(({ shift, mask }) => String((artwork.phash >> shift) & mask));
  return sql<{ id: string }>`
    select id from artworks
    where ((phash & 8191) = ${b0}::bigint
        or ((phash >> 13) & 8191) = ${b1}::bigint
        or ((phash >> 26) & 8191) = ${b2}::bigint
        or ((phash >> 39) & 8191) = ${b3}::bigint
        or ((phash >> 52) & 4095) = ${b4}::bigint)
      and bit_count(int8send(phash # ${String(artwork.phash)}::bigint)) <= ${NEAR_DUPLICATE_MAX_DISTANCE}
      and id < ${artwork.id}::bigint and source <> ${artwork.source}
      and duplicate_of is null and takedown_state = 'none'
    order by bit_count(int8send(phash # ${String(artwork.phash)}::bigint)), id
    limit 1
  `;
}

/**
 * Folds a freshly stored artwork into the earlier work it nearly duplicates (ingest already
 * folds byte-identical copies). Same-source look-alikes are kept apart: an author's variations
 * are separate works. Returns the canonical id when the artwork was folded.
 */
export async function foldNearDuplicate(db: Db, artworkId: string): Promise<string | undefined> {
  const artwork = await db
    .selectFrom('artworks')
    .select(['id', 'source', 'phash'])
    .where('id', '=', artworkId)
    .where('duplicate_of', 'is', null)
    .where('takedown_state', '=', 'none')
    .executeTakeFirst();
  if (!artwork) return undefined;
  const { rows } = await nearDuplicateCanonicalQuery({ ...artwork, phash: BigInt(artwork.phash) }).execute(db);
  const canonical = rows[0]?.id;
  if (!canonical) return undefined;
  await db
    .updateTable('artworks')
    .set({ duplicate_of: canonical, updated_at: sql<Date>`now()` })
    .where('id', '=', artworkId)
    .where('duplicate_of', 'is', null)
    .execute();
  return canonical;
}
