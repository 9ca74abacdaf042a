import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPromptCorpus } from '../../bench/prompt-corpus.ts';
import { mulberry32 } from '../../bench/search-corpus.ts';
import { parseSearchBenchOptions } from '../../bench/search-options.ts';
import { buildQuerySets, foldPrompt, KNOWN_ITEM_PAGE, makeTypo, type LoadedPrompt } from '../../bench/search-query-sets.ts';
import { searchTargets } from '../../bench/search-targets.ts';

/** Edits (insert, delete, substitute, swap neighbours) between two words. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** A made-up corpus: varied prompts, one phrase shared by many prompts, and exact duplicates. */
function makeCorpus(): LoadedPrompt[] {
  const random = mulberry32(7);
  const words = Array.from({ length: 400 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);
  const prompts: LoadedPrompt[] = [];
  for (let i = 0; i < 3_000; i++) {
    const length = 14 + Math.floor(random() * 30);
    const text = Array.from({ length }, () => words[Math.floor(random() * random() * words.length)]!).join(i % 3 === 0 ? ', ' : ' ');
    prompts.push({ id: String(i + 1), prompt: i % 10 === 0 ? `shared common phrase ${text}` : text, model: i % 4 === 0 ? null : `model ${i % 5}` });
  }
  // Identical once folded: the engine may show any one of them for the other.
  prompts.push({ id: 'dup-1', prompt: 'Lonely (lighthouse:1.2) at dusk, storm clouds', model: null });
  prompts.push({ id: 'dup-2', prompt: 'lonely lighthouse 1 2 AT dusk storm  clouds', model: null });
  return prompts;
}

describe('search benchmark query sets', () => {
  const corpus = makeCorpus();
  const sets = buildQuerySets(corpus, 42);

  it('folds prompts to lower case with runs of other characters as one space', () => {
    expect(foldPrompt('A (Cat:1.2), café!  <lora:x_y:0.8>')).toBe('a cat 1 2 café lora x y 0 8');
  });

  it('is the same for the same seed and differs for another', () => {
    expect(buildQuerySets(corpus, 42)).toEqual(sets);
    expect(buildQuerySets(corpus, 43).mix).not.toEqual(sets.mix);
  });

  it('builds a mix of distinct queries of every shape, about a tenth filtered', () => {
    const params = sets.mix.map((query) => query.params);
    expect(new Set(params).size).toBe(params.length);
    expect(params.length).toBeGreaterThan(2_000);
    expect(new Set(sets.mix.map((query) => query.kind)).size).toBe(9);
    const filtered = sets.mix.filter((query) => /&(model|aspect)=/.test(query.params));
    expect(filtered.length / sets.mix.length).toBeGreaterThan(0.08);
    expect(filtered.length / sets.mix.length).toBeLessThan(0.15);
    for (const query of sets.mix) expect(new URLSearchParams(query.params).get('q')?.trim()).toBeTruthy();
  });

  it('makes prefixes of 3–6 letters of a word of the corpus', () => {
    const vocabulary = new Set(corpus.flatMap((entry) => foldPrompt(entry.prompt).split(' ')));
    const prefixes = sets.mix.filter((query) => query.kind === 'prefix').map((query) => new URLSearchParams(query.params).get('q')!);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) {
      expect(prefix.length).toBeGreaterThanOrEqual(3);
      expect(prefix.length).toBeLessThanOrEqual(6);
      expect([...vocabulary].some((word) => word.length > prefix.length && word.startsWith(prefix))).toBe(true);
    }
  });

  it('makes a typo one edit away from a word of at least 5 letters, never another known word', () => {
    const known = new Set(['lighthouse', 'lighthose']);
    const random = mulberry32(3);
    for (let i = 0; i < 200; i++) {
      const typo = makeTypo('lighthouse', random, known);
      if (typo === undefined) continue;
      expect(editDistance('lighthouse', typo)).toBe(1);
      expect(known.has(typo)).toBe(false);
      expect(typo[0]).toBe('l');
    }
  });

  it('takes pasted prompts of 12–60 words on one line', () => {
    expect(sets.pasted.length).toBe(300);
    for (const params of sets.pasted) {
      const q = new URLSearchParams(params).get('q')!;
      const words = q.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(12);
      expect(words).toBeLessThanOrEqual(60);
      expect(/\p{Cc}/u.test(q)).toBe(false);
    }
  });

  it('draws known items from their own prompt, never a phrase in more than 20 distinct prompts', () => {
    expect(sets.knownItems.length).toBe(1_000);
    expect(sets.knownItemRejected).toBeGreaterThan(0);
    const byId = new Map(corpus.map((entry) => [entry.id, foldPrompt(entry.prompt)]));
    for (const item of sets.knownItems) {
      expect(item.q.split(' ')).toHaveLength(3);
      expect(` ${byId.get(item.targetId)} `).toContain(` ${item.q} `);
      const containing = new Set([...byId.values()].filter((text) => ` ${text} `.includes(` ${item.q} `)));
      expect(containing.size).toBeLessThanOrEqual(KNOWN_ITEM_PAGE);
      expect(item.acceptedIds).toContain(item.targetId);
    }
    expect(sets.knownItems.some((item) => item.q.startsWith('shared common phrase'))).toBe(false);
  });

  it('counts an artwork with the same folded prompt as the target', () => {
    const loaded = [...corpus.slice(0, 100), corpus.at(-2)!, corpus.at(-1)!];
    const hit = buildQuerySets(loaded, 1).knownItems.find((item) => item.targetId.startsWith('dup-'));
    expect(hit?.acceptedIds.sort()).toEqual(['dup-1', 'dup-2']);
  });
});

describe('search benchmark options', () => {
  it('defaults to the synthetic corpus, 100,000 artworks, cache off, 15 s', () => {
    expect(parseSearchBenchOptions([], {})).toEqual({ artworks: 100_000, cache: 'off', duration: 15 });
  });

  it('reads every option', () => {
    expect(parseSearchBenchOptions(['--corpus', 'p.jsonl.gz', '--artworks', '2000', '--cache', 'on', '--duration', '5'], {})).toEqual({
      corpus: 'p.jsonl.gz',
      artworks: 2000,
      cache: 'on',
      duration: 5,
    });
  });

  it('names the option at fault', () => {
    expect(() => parseSearchBenchOptions(['--artworks', 'many'], {})).toThrow(/--artworks/);
    expect(() => parseSearchBenchOptions(['--cache', 'maybe'], {})).toThrow(/--cache/);
    expect(() => parseSearchBenchOptions(['--colour', 'red'], {})).toThrow(/colour/);
  });
});

describe('search benchmark targets', () => {
  const measured = { mixP95Ms: 30, throughputRatio: 0.2, pastedP95Ms: 50, recallPercent: 98.5, reindexSeconds: 60, peakRssMb: 1200 };

  it('uses the 100,000 column up to 100,000 artworks', () => {
    const { rows } = searchTargets(100_000, measured);
    expect(rows.map((row) => row.met)).toEqual(['NOT met', 'NOT met', 'NOT met', 'met', 'NOT met', 'n/a']);
  });

  it('uses the 1,000,000 column past that', () => {
    const { rows } = searchTargets(1_000_000, measured);
    expect(rows.map((row) => row.met)).toEqual(['met', 'met', 'met', 'met', 'met', 'met']);
  });
});

describe('reading a prompt corpus', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'artsift-corpus-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = [
    JSON.stringify({ prompt: 'a red fox', model: 'm1', width: 512, height: 768, source: 'test' }),
    JSON.stringify({ prompt: 'neon city at night', negativePrompt: 'blurry' }),
    JSON.stringify({ prompt: 'third' }),
  ];

  it('reads the first N prompts of plain or gzipped JSONL', async () => {
    await writeFile(path.join(dir, 'plain.jsonl'), `${lines.join('\n')}\n`);
    await writeFile(path.join(dir, 'packed.gz'), gzipSync(`${lines.join('\n')}\n`));
    for (const file of ['plain.jsonl', 'packed.gz']) {
      expect(await readPromptCorpus(path.join(dir, file), 2)).toEqual({
        prompts: [
          { prompt: 'a red fox', negativePrompt: null, model: 'm1', width: 512, height: 768 },
          { prompt: 'neon city at night', negativePrompt: 'blurry', model: null, width: null, height: null },
        ],
        distinct: 2,
      });
    }
  });

  it('names the malformed line and refuses an empty file', async () => {
    await writeFile(path.join(dir, 'bad.jsonl'), `${lines[0]}\n{"prompt": 42}\n`);
    await expect(readPromptCorpus(path.join(dir, 'bad.jsonl'), 2)).rejects.toThrow(/bad\.jsonl:2: prompt/);
    await writeFile(path.join(dir, 'empty.jsonl'), '\n');
    await expect(readPromptCorpus(path.join(dir, 'empty.jsonl'), 2)).rejects.toThrow(/holds no prompts/);
  });

  it('starts over from the top of a file shorter than asked for', async () => {
    await writeFile(path.join(dir, 'short.jsonl'), `${lines.join('\n')}\n`);
    const corpus = await readPromptCorpus(path.join(dir, 'short.jsonl'), 7);
    expect(corpus.distinct).toBe(3);
    expect(corpus.prompts.map((entry) => entry.prompt)).toEqual(['a red fox', 'neon city at night', 'third', 'a red fox', 'neon city at night', 'third', 'a red fox']);
  });
});
