import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.ts';
import { PostgresSearchIndex } from '../../src/search/postgres/postgres-search-index.ts';
import type { SearchDocument } from '../../src/search/search-index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { describeSearchContract, uniqueWord } from './search-contract.ts';

describeSearchContract('postgres', async () => {
  const testDb = await createTestDatabase();
  return { index: new PostgresSearchIndex(testDb.db), close: () => testDb.drop() };
});

const LIVE_TABLE_NAMES = ['search_document_bodies', 'search_documents', 'search_lexicon'];

describe('postgres search index internals', () => {
  let testDb: TestDatabase;
  let index: PostgresSearchIndex;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    index = new PostgresSearchIndex(testDb.db);
    await index.ensureSettings();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const tableNames = async () =>
    (
      await sql<{ name: string }>`select tablename as name from pg_tables where tablename like 'search%' order by 1`.execute(testDb.db)
    ).rows.map((row) => row.name);
  const indexNames = async () =>
    (
      await sql<{ name: string }>`
        select i.relname || case when x.indisclustered then ' (clustered)' else '' end as name
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where t.relname like 'search%' order by 1`.execute(testDb.db)
    ).rows.map((row) => row.name);

  it('reports the correction it made', async () => {
    await index.upsert([document({ prompt: 'a lonely lighthouse in a storm' })]);
    const result = await index.search(query('lonley lighthuose'));
    expect(result.correctedQuery).toBe('lonely lighthouse');
    expect(result.hits).toHaveLength(1);
    expect((await index.search(query('lonely lighthouse'))).correctedQuery).toBeUndefined();
  });

  it('keeps words with digits and short words as typed', async () => {
    await index.upsert([document({ prompt: 'an 8k render of a cat' })]);
    expect((await index.search(query('8k cat '))).hits).toHaveLength(1);
    expect((await index.search(query('9k cat '))).hits).toHaveLength(0);
  });

  it('answers a filter value PostgreSQL cannot store with no hits rather than an error', async () => {
    await index.upsert([document({ prompt: 'a quiet harbour' })]);
    const result = await index.search({ ...query('harbour'), filters: { includeNsfw: false, model: ['bad\u0000value'] } });
    expect(result.hits).toEqual([]);
  });

  it('rebuilds into tables shaped like the live ones, then keeps their names', async () => {
    const [tablesBefore, indexesBefore] = [await tableNames(), await indexNames()];
    const stale = uniqueWord();
    await index.upsert([document({ prompt: `${stale} forgotten` })]);

    const fresh = document({ prompt: 'a freshly rebuilt lexicon' });
    await index.rebuild((async function* () { yield [fresh]; })());

    expect(await tableNames()).toEqual(tablesBefore);
    expect(await indexNames()).toEqual(indexesBefore);
    expect(indexesBefore).toContain('search_documents_newest_idx (clustered)');
    const lexicon = (await testDb.db.selectFrom('search_lexicon').select('word').execute()).map((row) => row.word);
    expect(lexicon).toEqual(expect.arrayContaining(['freshly', 'rebuilt', 'lexicon']));
    expect(lexicon).not.toContain(stale);
    expect((await index.search(query('freshly'))).hits.map((hit) => hit.document.id)).toEqual([fresh.id]);
  });

  it('refuses a second rebuild while one runs, and cleans up after a failed one', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = index.rebuild((async function* () {
      yield [document({ prompt: 'first rebuild' })];
      await gate;
    })());
    await expect.poll(tableNames).toContain('search_documents_next');
    await expect(index.rebuild((async function* () {})())).rejects.toBeInstanceOf(ConflictError);
    release();
    await first;

    const failing = index.rebuild((async function* () {
      yield [document({ prompt: 'doomed rebuild' })];
      throw new Error('source went away');
    })());
    await expect(failing).rejects.toThrow('source went away');
    expect(await tableNames()).toEqual(LIVE_TABLE_NAMES);
  });

  it('ensureSettings is idempotent and drops the tables of an abandoned rebuild', async () => {
    await sql`create table search_documents_next (like search_documents)`.execute(testDb.db);
    await sql`create table search_document_bodies_next (like search_document_bodies)`.execute(testDb.db);
    await sql`create table search_lexicon_next (like search_lexicon)`.execute(testDb.db);
    await index.ensureSettings();
    await index.ensureSettings();
    expect(await tableNames()).toEqual(LIVE_TABLE_NAMES);
    expect(await index.isReachable()).toBe(true);
  });
});

function document(overrides: Partial<SearchDocument>): SearchDocument {
  const id = `doc-${uniqueWord()}`;
  return {
    id,
    prompt: '',
    negativePrompt: null,
    model: null,
    tags: [],
    authorHandle: null,
    authorName: null,
    authorUrl: null,
    source: 'internals',
    sourceUrl: `https://example.test/${id}`,
    thumbnailUrl: null,
    previewUrl: null,
    width: 512,
    height: 512,
    aspect: 'square',
    nsfw: false,
    placeholder: 'placeholder',
    publishedAt: null,
    ...overrides,
  };
}

function query(q: string) {
  return { q, filters: { includeNsfw: false }, sort: 'relevance' as const, page: 1, limit: 20 };
}
