/**
 * Bulk-loads benchmark artworks straight into `artworks`: one INSERT … SELECT FROM unnest(…)
 * per batch of thousands of rows, on one connection, with the table's secondary indexes dropped
 * meanwhile and built again once at the end (as bulk loads do), so a million rows take minutes.
 * No image work; the NOT NULL columns get plausible values (hashes derived from the row number).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { aspectBucket } from '../src/artworks/aspect.ts';
import type { Db } from '../src/db/connect.ts';
import type { CorpusPrompt } from './prompt-corpus.ts';
import { FIRST_PUBLISHED, mulberry32, PLACEHOLDER, PUBLISHED_SPAN_MS, SIZES, SOURCES, weightedPicker } from './search-corpus.ts';

const BATCH = 5_000;

/** Inserts one artwork per prompt; returns the artwork ids in corpus order. */
export async function loadArtworks(db: Db, prompts: readonly CorpusPrompt[], seed: number, onProgress?: (loaded: number) => void): Promise<string[]> {
  const random = mulberry32(seed);
  const pickSource = weightedPicker(random, SOURCES);
  const authors = Math.max(1_000, Math.round(prompts.length / 50));
  const ids: string[] = new Array<string>(prompts.length);

  await db.connection().execute(async (connection) => {
    // Indexes that back no constraint (the unique key stays, so duplicates still fail), as defined now.
    const { rows: indexes } = await sql<{ name: string; definition: string }>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      where i.indrelid = 'artworks'::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(connection);
    for (const index of indexes) await sql`drop index ${sql.raw(index.name)}`.execute(connection);
    for (let start = 0; start < prompts.length; start += BATCH) {
      const batch = prompts.slice(start, start + BATCH);
      const columns = {
        source: [] as string[],
        sourceId: [] as string[],
        postUrl: [] as string[],
        imageUrl: [] as string[],
        authorHandle: [] as string[],
        authorUrl: [] as string[],
        prompt: [] as string[],
        negativePrompt: [] as (string | null)[],
        model: [] as (string | null)[],
        width: [] as number[],
        height: [] as number[],
        aspect: [] as string[],
        publishedAt: [] as string[],
        sha256: [] as string[],
        phash: [] as string[],
      };
      batch.forEach((entry, i) => {
        const n = start + i;
        const source = pickSource();
        const author = `artist_${Math.floor(random() * authors)}`;
        const [fallbackWidth, fallbackHeight] = SIZES[Math.floor(random() * SIZES.length)] ?? [1024, 1024];
        const width = entry.width ?? fallbackWidth;
        const height = entry.height ?? fallbackHeight;
        columns.source.push(source);
        columns.sourceId.push(`bench-${n}`);
        columns.postUrl.push(`https://bench.artsift.invalid/${source}/posts/${n}`);
        columns.imageUrl.push(`https://bench.artsift.invalid/images/${n}.png`);
        columns.authorHandle.push(author);
        columns.authorUrl.push(`https://bench.artsift.invalid/${source}/users/${author}`);
        columns.prompt.push(entry.prompt);
        columns.negativePrompt.push(entry.negativePrompt);
        columns.model.push(entry.model);
        columns.width.push(width);
        columns.height.push(height);
        columns.aspect.push(aspectBucket(width, height));
        columns.publishedAt.push(new Date(FIRST_PUBLISHED + Math.floor(random() * PUBLISHED_SPAN_MS)).toISOString());
        columns.sha256.push(createHash('sha256').update(`bench-${n}`).digest('hex'));
        columns.phash.push(BigInt.asIntN(64, BigInt(`0x${createHash('sha1').update(String(n)).digest('hex').slice(0, 16)}`)).toString());
      });
      const inserted = await sql<{ id: string; source_id: string }>`
        insert into artworks (source, source_id, post_url, image_url, author_handle, author_url, prompt, negative_prompt,
                              model, width, height, aspect, published_at, sha256, phash, placeholder)
        select source, source_id, post_url, image_url, author_handle, author_url, prompt, negative_prompt,
               model, width, height, aspect, published_at, sha256, phash, ${PLACEHOLDER}
        from unnest(${columns.source}::text[], ${columns.sourceId}::text[], ${columns.postUrl}::text[], ${columns.imageUrl}::text[],
                    ${columns.authorHandle}::text[], ${columns.authorUrl}::text[], ${columns.prompt}::text[], ${columns.negativePrompt}::text[],
                    ${columns.model}::text[], ${columns.width}::int[], ${columns.height}::int[], ${columns.aspect}::text[],
                    ${columns.publishedAt}::timestamptz[], ${columns.sha256}::text[], ${columns.phash}::bigint[])
          as row(source, source_id, post_url, image_url, author_handle, author_url, prompt, negative_prompt,
                 model, width, height, aspect, published_at, sha256, phash)
        returning id, source_id`.execute(connection);
      for (const row of inserted.rows) ids[Number(row.source_id.slice('bench-'.length))] = row.id;
      onProgress?.(Math.min(prompts.length, start + BATCH));
    }
    for (const index of indexes) await sql.raw(index.definition).execute(connection);
    await sql`analyze artworks`.execute(connection);
  });
  return ids;
}
