import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.ts';
import { PageDocumentReader } from '../../src/search/postgres/page-document-reader.ts';
import { PostgresSearchIndex } from '../../src/search/postgres/postgres-search-index.ts';
import { WorkerMatchingEngine } from '../../src/search/postgres/worker-matching-engine.ts';
import type { SearchDocument } from '../../src/search/search-index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { describeSearchContract, uniqueWord } from './search-contract.ts';

// Matching in a worker thread, as the app runs it; the internals below match in this thread.
describeSearchContract('postgres', async () => {
  const testDb = await createTestDatabase();
  const index = new PostgresSearchIndex(testDb.db, { connectionString: testDb.url, matchIn: 'worker' });
  return {
    index,
    close: async () => {
      await index.close();
      await testDb.drop();
    },
  };
});

const LIVE_TABLE_NAMES = ['search_documents', 'search_index_state'];

describe('postgres search index internals', () => {
  let testDb: TestDatabase;
  let index: PostgresSearchIndex;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    index = new PostgresSearchIndex(testDb.db);
    await index.ensureSettings();
  });
  afterAll(async () => {
    await index.close();
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

  it('rebuilds into a table shaped like the live one, then keeps its name', async () => {
    const [tablesBefore, indexesBefore] = [await tableNames(), await indexNames()];
    const stale = uniqueWord();
    await index.upsert([document({ prompt: `${stale} forgotten` })]);
    expect((await index.search(query(stale))).hits).toHaveLength(1);

    const fresh = document({ prompt: 'a freshly rebuilt table' });
    await index.rebuild((async function* () { yield [fresh]; })());

    expect(await tableNames()).toEqual(tablesBefore);
    expect(await indexNames()).toEqual(indexesBefore);
    expect(indexesBefore).toContain('search_documents_version_idx');
    expect((await index.search(query(stale))).hits).toEqual([]);
    expect((await index.search(query('freshly'))).hits.map((hit) => hit.document.id)).toEqual([fresh.id]);
  });

  it('shows writes made by another process at once, and follows its rebuilds', async () => {
    const elsewhere = new PostgresSearchIndex(testDb.db);
    const listening = new PostgresSearchIndex(testDb.db, { connectionString: testDb.url });
    const changes: number[] = [];
    listening.onChange(() => changes.push(1));
    try {
      const word = uniqueWord();
      await listening.search(query(word)); // loads its copy
      const written = document({ prompt: `${word} written elsewhere` });
      await elsewhere.upsert([written]);
      await expect.poll(async () => (await listening.search(query(word))).hits.map((hit) => hit.document.id)).toEqual([written.id]);
      expect(changes.length).toBeGreaterThan(0);

      const rebuilt = document({ prompt: `${word} rebuilt elsewhere` });
      await elsewhere.rebuild((async function* () { yield [rebuilt]; })());
      await expect.poll(async () => (await listening.search(query(word))).hits.map((hit) => hit.document.id)).toEqual([rebuilt.id]);
    } finally {
      await Promise.all([elsewhere.close(), listening.close()]);
    }
  });

  it('never returns a document deleted in PostgreSQL, even before its copy in memory is updated', async () => {
    const lagging = new PostgresSearchIndex(testDb.db); // no LISTEN: learns of changes only by polling
    try {
      const word = uniqueWord();
      const doomed = document({ prompt: `${word} doomed` });
      await index.upsert([doomed]);
      expect((await lagging.search(query(word))).hits).toHaveLength(1);
      await sql`update search_documents set document = null where id = ${doomed.id}`.execute(testDb.db);
      expect((await lagging.search(query(word))).hits).toEqual([]);
    } finally {
      await lagging.close();
    }
  });

  it('answers searches made at the same time, sharing round trips to PostgreSQL for their pages', async () => {
    let queries = 0;
    const counting = testDb.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        queries++;
        return Promise.resolve(args.result);
      },
    });
    const reader = new PageDocumentReader(counting);
    const words = Array.from({ length: 6 }, () => uniqueWord());
    const works = words.map((word) => document({ prompt: `${word} at once` }));
    await index.upsert(works);
    await sql`update search_documents set document = null where id = ${works[5]!.id}`.execute(testDb.db);
    const pages = await Promise.all(works.map((work) => reader.read([work.id, works[0]!.id])));
    expect(pages.map((page) => [...page.keys()].sort())).toEqual(
      works.map((work, i) => (i === 5 ? [works[0]!.id] : [...new Set([work.id, works[0]!.id])].sort())),
    );
    // The first read goes at once; the five asked for meanwhile share the next.
    expect(queries).toBe(2);
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
    await index.ensureSettings();
    await index.ensureSettings();
    expect(await tableNames()).toEqual(LIVE_TABLE_NAMES);
    expect(await index.isReachable()).toBe(true);
  });
});

describe('matching in a worker thread', () => {
  let testDb: TestDatabase;
  let writer: PostgresSearchIndex;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    writer = new PostgresSearchIndex(testDb.db);
    await writer.ensureSettings();
  });
  afterAll(async () => {
    await writer.close();
    await testDb.drop();
  });

  it('follows writes and rebuilds made elsewhere, and tells of them', async () => {
    const serving = new PostgresSearchIndex(testDb.db, { connectionString: testDb.url, matchIn: 'worker' });
    const changes: number[] = [];
    serving.onChange(() => changes.push(1));
    try {
      const word = uniqueWord();
      await serving.search(query(word)); // the worker loads its copy
      const written = document({ prompt: `${word} written elsewhere` });
      await writer.upsert([written]);
      await expect.poll(async () => (await serving.search(query(word))).hits.map((hit) => hit.document.id)).toEqual([written.id]);
      expect(changes.length).toBeGreaterThan(0);
      const rebuilt = document({ prompt: `${word} rebuilt elsewhere` });
      await writer.rebuild((async function* () { yield [rebuilt]; })());
      await expect.poll(async () => (await serving.search(query(word))).hits.map((hit) => hit.document.id)).toEqual([rebuilt.id]);
    } finally {
      await serving.close();
    }
  });

  it('starts a new worker for the next call when its worker dies', async () => {
    const word = uniqueWord();
    const work = document({ prompt: `${word} survives` });
    await writer.upsert([work]);
    const engine = new WorkerMatchingEngine({ connectionString: testDb.url });
    const ask = () => engine.match({ q: word, filters: { includeNsfw: false }, sort: 'relevance', offset: 0, limit: 20 });
    try {
      expect((await ask()).ids).toEqual([work.id]);
      const first = engine.thread;
      // A call made as the worker dies may still be answered, or fails naming the cause.
      const inFlight = ask().then(() => 'answered', (error: Error) => error.message);
      await first?.terminate();
      expect(await inFlight).toMatch(/^answered$|matching worker stopped/);
      expect((await ask()).ids).toEqual([work.id]);
      expect(engine.thread).toBeDefined();
      expect(engine.thread?.threadId).not.toBe(first?.threadId);
    } finally {
      await engine.close();
    }
    await expect(ask()).rejects.toThrow(/closed/);
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
