/**
 * A deterministic synthetic corpus for the search benchmark and search experiments: prompts of
 * 8–33 words drawn from a ~120-word vocabulary with a Zipf-like skew, so a few words match a
 * large share of documents ("portrait" ≈ 40%), mid-frequency words form phrases ("cyberpunk
 * city") and rare ones ("lightning crystal") match a few. No image work.
 */
import { aspectBucket } from '../src/artworks/aspect.ts';
import type { SearchDocument } from '../src/search/search-index.ts';

// Most frequent first: rank decides frequency (weight 1 / rank).
export const VOCABULARY = [
  'a', 'of', 'the', 'with', 'and', 'in', 'detailed', 'highly', 'art', 'portrait',
  'beautiful', 'light', 'woman', 'style', 'digital', 'lighting', 'painting', 'masterpiece', 'quality', 'best',
  'cinematic', 'dark', 'fantasy', 'landscape', 'city', 'night', 'cyberpunk', 'neon', 'colorful', 'sky',
  'forest', 'girl', 'man', 'dramatic', 'sunset', 'realistic', 'anime', 'concept', 'trending', 'artstation',
  'intricate', 'soft', 'golden', 'hour', 'oil', 'castle', 'dragon', 'mountains', 'ocean', 'clouds',
  'futuristic', 'robot', 'astronaut', 'space', 'stars', 'glowing', 'eyes', 'hair', 'long', 'red',
  'blue', 'green', 'flowers', 'garden', 'rain', 'street', 'japanese', 'temple', 'warrior', 'armor',
  'sword', 'knight', 'magic', 'wizard', 'waterfall', 'mist', 'river', 'bridge', 'cat', 'dog',
  'watercolor', 'sketch', 'ink', 'photograph', 'bokeh', 'macro', 'closeup', 'wide', 'angle', 'epic',
  'ruins', 'ancient', 'desert', 'snow', 'winter', 'autumn', 'spring', 'summer', 'moon', 'sun',
  'vintage', 'retro', 'steampunk', 'gothic', 'cathedral', 'underwater', 'coral', 'jellyfish', 'owl', 'fox',
  'lightning', 'storm', 'volcano', 'crystal', 'cave', 'lantern', 'tea', 'library', 'train', 'lighthouse',
];

const MODELS: [string | null, number][] = [
  ['SDXL 1.0', 30],
  ['Flux.1 [dev]', 25],
  ['Stable Diffusion 1.5', 15],
  ['Pony Diffusion V6 XL', 10],
  ['Midjourney v6', 10],
  [null, 10],
];
export const SOURCES: [string, number][] = [
  ['civitai', 50],
  ['lexica', 25],
  ['openart', 15],
  ['prompthero', 10],
];
export const SIZES: [width: number, height: number][] = [
  [1024, 1024], [832, 1216], [1216, 832], [768, 1344], [1344, 768], [512, 512], [512, 768],
];
const AUTHORS = 2000;
export const FIRST_PUBLISHED = Date.UTC(2024, 0, 1);
export const PUBLISHED_SPAN_MS = 2 * 365 * 24 * 3600 * 1000;
export const PLACEHOLDER = 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw';

export function generateSearchDocuments(count: number, seed: number): SearchDocument[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pickWord = weightedPicker(random, VOCABULARY.map((word, rank): [string, number] => [word, 1 / (rank + 1)]));
  const pickModel = weightedPicker(random, MODELS);
  const pickSource = weightedPicker(random, SOURCES);
  // Tags are topical words, not the filler at the top of the vocabulary.
  const tagWords = VOCABULARY.slice(6);

  const documents: SearchDocument[] = [];
  for (let n = 1; n <= count; n++) {
    const length = 8 + Math.floor(random() * 26);
    let prompt = pickWord();
    for (let i = 1; i < length; i++) prompt += (random() < 0.15 ? ', ' : ' ') + pickWord();
    const [width, height] = pick(SIZES);
    const source = pickSource();
    const author = Math.floor(random() * AUTHORS);
    documents.push({
      id: String(n),
      prompt,
      negativePrompt: random() < 0.3 ? 'blurry, low quality, watermark' : null,
      model: pickModel(),
      tags: Array.from({ length: Math.floor(random() * 5) }, () => pick(tagWords)),
      authorHandle: `artist_${author}`,
      authorName: random() < 0.5 ? `Artist ${author}` : null,
      authorUrl: `https://bench.artsift.invalid/${source}/users/artist_${author}`,
      source,
      sourceUrl: `https://bench.artsift.invalid/${source}/posts/${n}`,
      thumbnailUrl: null,
      previewUrl: null,
      width,
      height,
      aspect: aspectBucket(width, height),
      nsfw: random() < 0.05,
      placeholder: PLACEHOLDER,
      publishedAt: random() < 0.03 ? null : FIRST_PUBLISHED + Math.floor(random() * PUBLISHED_SPAN_MS),
    });
  }
  return documents;
}

/** Small, fast, seedable PRNG: the same seed gives the same corpus on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks entries with probability proportional to their weight (binary search over cumulative weights). */
export function weightedPicker<T>(random: () => number, entries: readonly [T, number][]): () => T {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return (entries[low] as [T, number])[0];
  };
}
