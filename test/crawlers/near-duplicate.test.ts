import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldNearDuplicate, nearDuplicateCanonicalQuery } from '../../crawlers/runner/near-duplicate.ts';
import type { Db } from '../../src/db/connect.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** Rows inserted directly: these tests are about the hash arithmetic, not the media pipeline. */
async function insertArtwork(db: Db, source: string, phash: bigint, takedown: 'none' | 'removed' = 'none'): Promise<string> {
  const sourceId = `${source}-${phash}-${Math.random().toString(36).slice(2)}`;
  const { id } = await db
    .insertInto('artworks')
    .values({
      source,
      source_id: sourceId,
      post_url: `https://${source}.example/${sourceId}`,
      image_url: `https://${source}.example/${sourceId}.png`,
      params: '{}',
      width: 10,
      height: 10,
      aspect: 'square',
      sha256: Math.random().toString(16).slice(2).padEnd(64, '0').slice(0, 64),
      phash,
      placeholder: '',
      takedown_state: takedown,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const flip = (hash: bigint, ...bits: number[]) => BigInt.asIntN(64, bits.reduce((value, bit) => value ^ (1n << BigInt(bit)), hash));

describe('near-duplicate folding', () => {
  let database: TestDatabase;
  const base = -0x3a5f_0c2e_9d14_7b66n;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('folds a copy within 4 bits from another source into the earlier work', async () => {
    const original = await insertArtwork(database.db, 'site-a', base);
    // Bits spread over every band but one: still found through the band that agrees.
    const copy = await insertArtwork(database.db, 'site-b', flip(base, 3, 20, 40, 60));
    expect(await foldNearDuplicate(database.db, copy)).toBe(original);
  });

  it('keeps apart 5-bit differences, same-source variations and removed works', async () => {
    const other = 0x0f0f_3c3c_5a5a_6969n;
    await insertArtwork(database.db, 'site-c', other);
    const fiveBitsAway = await insertArtwork(database.db, 'site-d', flip(other, 10, 25, 38, 50, 63));
    expect(await foldNearDuplicate(database.db, fiveBitsAway)).toBeUndefined();
    const sameSourceVariation = await insertArtwork(database.db, 'site-c', flip(other, 5));
    expect(await foldNearDuplicate(database.db, sameSourceVariation)).toBeUndefined();
    await insertArtwork(database.db, 'site-e', 0x1234n, 'removed');
    const copyOfRemoved = await insertArtwork(database.db, 'site-f', 0x1235n);
    expect(await foldNearDuplicate(database.db, copyOfRemoved)).toBeUndefined();
  });

  it('finds candidates through the phash band indexes, not a table scan', async () => {
    // Enough unrelated rows, analysed, for the planner to weigh the indexes as in production.
    await sql`
      insert into artworks (source, source_id, post_url, image_url, width, height, aspect, sha256, phash, placeholder)
      select 'bulk', 'bulk-' || n, 'https://bulk.example/' || n, 'https://bulk.example/' || n || '.png', 10, 10, 'square',
        lpad(to_hex(n), 64, '0'), (random() * 9.2e18)::bigint * (case when n % 2 = 0 then 1 else -1 end), ''
      from generate_series(1, 10000) as n
    `.execute(database.db);
    await sql`analyze artworks`.execute(database.db);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain ${nearDuplicateCanonicalQuery({ id: '100000', source: 'site-g', phash: base })}
    `.execute(database.db);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('BitmapOr');
    for (const band of [0, 1, 2, 3, 4]) expect(plan).toContain(`artworks_phash_band${band}_idx`);
  });
});
