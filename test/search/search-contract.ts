import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../../src/search/search-index.ts';

type QueryOverrides = Partial<Omit<SearchQuery, 'filters'>> & { filters?: Partial<SearchQuery['filters']> };

export interface SearchIndexUnderTest {
  index: SearchIndex;
  /** Releases whatever open() created (database, Meilisearch index). */
  close(): Promise<void>;
}

/**
 * The behaviour every SearchIndex engine must share. Tests in one file share the engine's
 * index, so each test makes its own documents, with unique words and a source of its own,
 * and only looks at those; none depends on another having run.
 */
/** Behaviours an engine declares it lacks, with the reason; their tests then must fail on it (it.fails). */
export type ContractGap = 'spreads-near-identical-prompts';

export function describeSearchContract(
  name: string,
  open: () => Promise<SearchIndexUnderTest>,
  gaps: Partial<Record<ContractGap, string>> = {},
): void {
  /** A contract test the engine may declare a gap in: then it is named so and must fail. */
  const itUnless = (gap: ContractGap, title: string, test: () => Promise<void>) => {
    const reason = gaps[gap];
    if (reason === undefined) it(title, test);
    else it.fails(`${title} — not on ${name}: ${reason}`, test);
  };
  describe(`${name}: SearchIndex contract`, () => {
    let subject: SearchIndexUnderTest | undefined;
    let index: SearchIndex;

    beforeAll(async () => {
      subject = await open();
      index = subject.index;
      await index.ensureSettings();
    });
    afterAll(async () => {
      await subject?.close();
    });

    /** Searches within one test's source unless the filters say otherwise. */
    const search = (q: string, source: string, overrides: QueryOverrides = {}) =>
      index.search({
        q,
        sort: 'relevance',
        page: 1,
        limit: 20,
        ...overrides,
        filters: { includeNsfw: false, source: [source], ...overrides.filters },
      });

    it('finds upserted documents by their words', async () => {
      const { source, doc } = fixture();
      const fox = doc({ prompt: 'a red fox sleeping in the snow' });
      const whale = doc({ prompt: 'a blue whale in a stormy sea' });
      await index.upsert([fox, whale]);

      expect(ids(await search('red fox', source))).toEqual([fox.id]);
      expect(ids(await search('whale stormy', source))).toEqual([whale.id]);
      expect(ids(await search('a', source)).sort()).toEqual([fox.id, whale.id].sort());
      expect(ids(await search('fox whale', source))).toEqual([]);
    });

    it('ranks a prompt match above a model/tags match, and that above an author match', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      // Newest first on purpose: relevance must beat recency.
      const byAuthor = doc({ prompt: 'harbour at dawn', authorName: `${word} studio`, publishedAt: 3_000 });
      const byTag = doc({ prompt: 'harbour at dusk', tags: ['boats', word], publishedAt: 2_000 });
      const byPrompt = doc({ prompt: `${word} on the harbour wall`, publishedAt: 1_000 });
      await index.upsert([byAuthor, byTag, byPrompt]);

      expect(ids(await search(`${word} `, source))).toEqual([byPrompt.id, byTag.id, byAuthor.id]);
    });

    it('corrects typos: "cyberpnuk citty" finds "cyberpunk city"', async () => {
      const { source, doc } = fixture();
      const cyberpunk = doc({ prompt: 'neon cyberpunk city at night, rain' });
      const village = doc({ prompt: 'a quiet mountain village at night' });
      await index.upsert([cyberpunk, village]);

      const result = await search('cyberpnuk citty', source);
      expect(ids(result)).toEqual([cyberpunk.id]);
      // Engines that report their correction must report the right one.
      expect([undefined, 'cyberpunk city']).toContain(result.correctedQuery);
    });

    it('matches the word being typed as a prefix', async () => {
      const { source, doc } = fixture();
      const cyberpunk = doc({ prompt: 'a cyberpunk street market' });
      const castle = doc({ prompt: 'a castle on a cliff' });
      await index.upsert([cyberpunk, castle]);

      expect(ids(await search('cyberp', source))).toEqual([cyberpunk.id]);
      expect(ids(await search('street cyb', source))).toEqual([cyberpunk.id]);
    });

    it('filters by model, source and aspect (OR within a facet, AND across) and counts facets', async () => {
      const { source, doc } = fixture();
      const [modelA, modelB] = [`model ${uniqueWord()}`, `model "${uniqueWord()}" \\ v2`];
      const word = uniqueWord();
      const docs = [
        doc({ prompt: `${word} one`, model: modelA, aspect: 'square' }),
        doc({ prompt: `${word} two`, model: modelA, aspect: 'portrait' }),
        doc({ prompt: `${word} three`, model: modelB, aspect: 'square' }),
        doc({ prompt: `${word} four`, model: null, aspect: 'landscape' }),
      ];
      const [one, , three] = docs;
      await index.upsert(docs);

      const all = await search(word, source);
      expect(all.estimatedTotal).toBe(4);
      expect(all.facets).toEqual({
        model: { [modelA]: 2, [modelB]: 1 },
        source: { [source]: 4 },
        aspect: { square: 2, portrait: 1, landscape: 1 },
      });

      const squares = await search(word, source, { filters: { model: [modelA, modelB], aspect: ['square'] } });
      expect(ids(squares).sort()).toEqual([one?.id, three?.id].sort());
      expect(squares.facets.aspect).toEqual({ square: 2 });

      const otherSource = await search(word, source, { filters: { source: [`${source}-elsewhere`] } });
      expect(otherSource.hits).toEqual([]);
    });

    it('excludes NSFW documents unless asked to include them', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const safe = doc({ prompt: `${word} meadow` });
      const nsfw = doc({ prompt: `${word} figure study`, nsfw: true });
      await index.upsert([safe, nsfw]);

      expect(ids(await search(word, source))).toEqual([safe.id]);
      expect(ids(await search(word, source, { filters: { includeNsfw: true } })).sort()).toEqual([safe.id, nsfw.id].sort());
    });

    it('sorts newest first with unknown dates last', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const undated = doc({ prompt: `${word} ${word} ${word} undated`, publishedAt: null });
      const old = doc({ prompt: `${word} old`, publishedAt: Date.UTC(2023, 0, 1) });
      const recent = doc({ prompt: `${word} recent`, publishedAt: Date.UTC(2025, 5, 1) });
      const middle = doc({ prompt: `${word} middle`, publishedAt: Date.UTC(2024, 5, 1) });
      await index.upsert([undated, old, recent, middle]);

      expect(ids(await search(word, source, { sort: 'newest' }))).toEqual([recent.id, middle.id, old.id, undated.id]);
    });

    it('browses newest first when the query has no words', async () => {
      const { source, doc } = fixture();
      const older = doc({ prompt: 'an older piece', publishedAt: 1_000 });
      const newer = doc({ prompt: 'a newer piece', publishedAt: 2_000 });
      const undated = doc({ prompt: 'an undated piece', publishedAt: null });
      await index.upsert([older, undated, newer]);

      for (const q of ['', '   ', '!!! ---']) {
        const result = await search(q, source);
        expect(ids(result)).toEqual([newer.id, older.id, undated.id]);
        expect(result.estimatedTotal).toBe(3);
        expect(result.hits[0]?.highlightedPrompt).toBe('a newer piece');
      }
    });

    it('pages through results without overlaps, the same way every time', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const docs = Array.from({ length: 7 }, (_, i) => doc({ prompt: `${word} number ${i}`, publishedAt: 1_000 + i }));
      await index.upsert(docs);

      const page = async (n: number) => ids(await search(word, source, { page: n, limit: 3 }));
      const pages = [await page(1), await page(2), await page(3)];
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(new Set(pages.flat())).toEqual(new Set(docs.map((d) => d.id)));
      expect(await page(1)).toEqual(pages[0]);
      expect(await page(2)).toEqual(pages[1]);
      expect(await page(4)).toEqual([]);
    });

    it('replaces a document upserted again under the same id', async () => {
      const { source, doc } = fixture();
      const [before, after] = [uniqueWord(), uniqueWord()];
      const original = doc({ prompt: `${before} first version` });
      const replaced = { ...original, prompt: `${after} second version`, model: 'replaced' };
      await index.upsert([original]);
      await index.upsert([replaced]);

      expect(ids(await search(before, source))).toEqual([]);
      expect((await search(after, source)).hits.map((hit) => hit.document)).toEqual([replaced]);
    });

    it('deletes documents by id', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const [kept, deleted] = [doc({ prompt: `${word} kept` }), doc({ prompt: `${word} deleted` })];
      await index.upsert([kept, deleted]);
      await index.deleteByIds([deleted.id, 'no-such-id']);

      expect(ids(await search(word, source))).toEqual([kept.id]);
    });

    it('deletes documents by source, by author, or by both', async () => {
      const word = uniqueWord();
      const first = fixture();
      const second = fixture();
      const [alice, bob] = [`alice_${uniqueWord()}`, `bob_${uniqueWord()}`];
      const docs = [
        first.doc({ prompt: `${word} a`, authorHandle: alice }),
        second.doc({ prompt: `${word} b`, authorHandle: alice }),
        second.doc({ prompt: `${word} c`, authorHandle: bob }),
        second.doc({ prompt: `${word} d`, authorHandle: null }),
      ];
      await index.upsert(docs);
      const both = { filters: { source: [first.source, second.source] } };
      const remaining = async () => ids(await search(word, first.source, both)).sort();

      await index.deleteByFilter({ source: first.source });
      expect(await remaining()).toEqual([docs[1], docs[2], docs[3]].map((d) => d?.id).sort());

      await index.deleteByFilter({ source: second.source, authorHandle: bob });
      expect(await remaining()).toEqual([docs[1], docs[3]].map((d) => d?.id).sort());

      await index.deleteByFilter({ authorHandle: alice });
      expect(await remaining()).toEqual([docs[3]?.id]);

      await expect(index.deleteByFilter({})).rejects.toThrow(/source or an authorHandle/);
      expect(await remaining()).toEqual([docs[3]?.id]);
    });

    it('rebuilds from scratch, answering and taking writes meanwhile', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const previous = doc({ prompt: `${word} previous` });
      await index.upsert([previous]);
      const [removedMeanwhile, keptFirst, keptLast] = [
        doc({ prompt: `${word} rebuilt, then removed` }),
        doc({ prompt: `${word} rebuilt first` }),
        doc({ prompt: `${word} rebuilt last` }),
      ];
      const addedMeanwhile = doc({ prompt: `${word} added meanwhile` });
      const seenDuringRebuild: string[][] = [];
      const progress: number[] = [];

      async function* batches() {
        yield [removedMeanwhile, keptFirst];
        // The live index still answers with its old content…
        seenDuringRebuild.push(ids(await search(word, source)));
        // …and writes made now must survive the swap.
        await index.upsert([addedMeanwhile]);
        await index.deleteByIds([removedMeanwhile.id]);
        yield [keptLast];
      }
      const indexed = await index.rebuild(batches(), (n) => progress.push(n));

      expect(indexed).toBe(3);
      expect(progress.at(-1)).toBe(3);
      expect(seenDuringRebuild[0]).toEqual([previous.id]);
      expect(ids(await search(word, source)).sort()).toEqual([keptFirst.id, keptLast.id, addedMeanwhile.id].sort());
    });

    it('ranks the words side by side above the same words scattered', async () => {
      const { source, doc } = fixture();
      const [first, second] = [uniqueWord(), uniqueWord()];
      const scattered = doc({ prompt: `${second} by the sea, and a ${first}`, publishedAt: 3_000 });
      const together = doc({ prompt: `a ${first} ${second} at dawn, misty`, publishedAt: 1_000 });
      await index.upsert([scattered, together]);

      expect(ids(await search(`${first} ${second} `, source))).toEqual([together.id, scattered.id]);
    });

    it('answers a pasted whole prompt with the most similar prompts, even when a word matches nothing', async () => {
      const { source, doc } = fixture();
      const words = Array.from({ length: 14 }, () => uniqueWord());
      const original = doc({ prompt: words.join(', ') });
      const half = doc({ prompt: words.slice(0, 7).join(' ') });
      await index.upsert([original, half]);

      const pasted = `${words.join(', ')}, ${uniqueWord()}`;
      expect(ids(await search(pasted, source))).toEqual([original.id, half.id]);
    });

    it('understands prompt syntax: weights, brackets, LoRA tags, BREAK', async () => {
      const { source, doc } = fixture();
      const [lora, subject] = [uniqueWord(), uniqueWord()];
      const tagged = doc({ prompt: `(masterpiece:1.2), [[${subject}]], <lora:${lora}:0.8> BREAK night sky` });
      await index.upsert([tagged]);

      expect(ids(await search(`${lora} `, source))).toEqual([tagged.id]);
      expect(ids(await search(`(${subject}:1.4) `, source))).toEqual([tagged.id]);
      expect((await search(`${subject} `, source)).hits[0]?.highlightedPrompt).toContain(`<mark>${subject}</mark>`);
    });

    it('supports "exact phrases" and -words', async () => {
      const { source, doc } = fixture();
      const [a, b, c] = [uniqueWord(), uniqueWord(), uniqueWord()];
      const phrase = doc({ prompt: `${a} ${b} in the rain` });
      const reversed = doc({ prompt: `${b} ${a} in the snow` });
      await index.upsert([phrase, reversed]);

      expect(ids(await search(`"${a} ${b}"`, source))).toEqual([phrase.id]);
      expect(ids(await search(`${a} ${b} -snow`, source))).toEqual([phrase.id]);
      expect(ids(await search(`${c} -${a}`, source))).toEqual([]);
    });

    it('folds accents and case: cafe finds café, CAFÉ finds cafe', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const accented = doc({ prompt: `${word} café terrace at night` });
      const plain = doc({ prompt: `${word} cafe interior` });
      await index.upsert([accented, plain]);

      expect(ids(await search(`${word} cafe `, source)).sort()).toEqual([accented.id, plain.id].sort());
      expect(ids(await search(`${word.toUpperCase()} CAFÉ `, source)).sort()).toEqual([accented.id, plain.id].sort());
    });

    it('finds Japanese, Chinese and Korean prompts by a word or phrase from them', async () => {
      const { source, doc } = fixture();
      const japanese = doc({ prompt: '東京の夜景、ネオンの光、雨' });
      const chinese = doc({ prompt: '一只可爱的猫咪在花园里' });
      const korean = doc({ prompt: '고양이 우주비행사, 별빛' });
      await index.upsert([japanese, chinese, korean]);

      expect(ids(await search('夜景', source))).toEqual([japanese.id]);
      expect(ids(await search('猫咪', source))).toEqual([chinese.id]);
      expect(ids(await search('우주비행사', source))).toEqual([korean.id]);
    });

    it('matches filter values without regard to case, in search and in delete-by-filter', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const handle = `Mixed_${uniqueWord()}`;
      const work = doc({ prompt: `${word} meadow`, model: 'SDXL 1.0', authorHandle: handle });
      await index.upsert([work]);

      expect(ids(await search(word, source, { filters: { model: ['sdxl 1.0'], source: [source.toUpperCase()] } }))).toEqual([work.id]);
      await index.deleteByFilter({ authorHandle: handle.toLowerCase() });
      expect(ids(await search(word, source))).toEqual([]);
    });

    itUnless('spreads-near-identical-prompts', 'spreads near-identical prompts out instead of filling a page with them', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      // Newest first on purpose: the variants would otherwise take the first places.
      const variants = Array.from({ length: 5 }, (_, i) =>
        doc({ prompt: `${word} lighthouse at dusk, oil painting, seed ${i}`, publishedAt: 10_000 + i }),
      );
      const others = Array.from({ length: 3 }, (_, i) => doc({ prompt: `${word} ${uniqueWord()} harbour ${i}`, publishedAt: 1_000 + i }));
      await index.upsert([...variants, ...others]);

      const found = ids(await search(`${word} `, source));
      expect(found).toHaveLength(8);
      const variantIds = new Set(variants.map((v) => v.id));
      expect(found.slice(0, 4).filter((id) => variantIds.has(id)).length).toBeLessThanOrEqual(2);
    });

    it('highlights matches in HTML-escaped prompts', async () => {
      const { source, doc } = fixture();
      const word = uniqueWord();
      const hostile = doc({ prompt: `<script>alert("x")</script> glowing ${word} & 'friends'` });
      await index.upsert([hostile]);

      const [hit] = (await search(`${word} `, source)).hits;
      expect(hit?.highlightedPrompt).toBe(
        `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; glowing <mark>${word}</mark> &amp; &#39;friends&#39;`,
      );
      expect(hit?.document.prompt).toBe(hostile.prompt);
    });
  });
}

/** Lower-case letters only: a word every engine tokenizes as one word, unlike any other test's. */
export function uniqueWord(): string {
  return Array.from(randomBytes(10), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

/** A source of the test's own, and a document factory for it. */
function fixture() {
  const source = `src-${uniqueWord()}`;
  const doc = (overrides: Partial<SearchDocument>): SearchDocument => {
    const id = `doc-${uniqueWord()}`;
    return {
      id,
      prompt: 'untitled',
      negativePrompt: null,
      model: 'SDXL 1.0',
      tags: [],
      authorHandle: 'someone',
      authorName: null,
      authorUrl: null,
      source,
      sourceUrl: `https://example.test/${id}`,
      thumbnailUrl: null,
      previewUrl: null,
      width: 1024,
      height: 1024,
      aspect: 'square',
      nsfw: false,
      placeholder: 'placeholder',
      publishedAt: Date.UTC(2024, 0, 1),
      ...overrides,
    };
  };
  return { source, doc };
}

function ids(result: SearchResult): string[] {
  return result.hits.map((hit) => hit.document.id);
}
