import type { ArtworkInput } from '../artworks/artwork-input.ts';
import type { ArtworkService, IngestOutcome } from '../artworks/artwork.service.ts';
import { renderDemoImage, type DemoImageFormat, type DemoImageSpec } from './demo-images.ts';
import { generateDemoPrompt } from './demo-prompts.ts';
import { createSeededRandom, seedForIndex } from './seeded-random.ts';

export const DEFAULT_DEMO_COUNT = 240;

/** Everything demo lives under the reserved .invalid TLD, so no link can ever reach a real site. */
const DEMO_ORIGIN = 'https://demo.artsift.invalid';

interface DemoSource {
  name: string;
  sourceId(index: number): string;
  postUrl(sourceId: string, authorHandle: string): string;
  authorUrl(authorHandle: string): string;
}

/** Three made-up sites with the URL shapes of the kinds of site artsift crawls. */
const SOURCES: readonly DemoSource[] = [
  {
    name: 'demo-civitai',
    sourceId: (index) => String(4_100_000 + index),
    postUrl: (id) => `${DEMO_ORIGIN}/civitai/images/${id}`,
    authorUrl: (handle) => `${DEMO_ORIGIN}/civitai/user/${handle}`,
  },
  {
    name: 'demo-gallery',
    sourceId: (index) => `g${index.toString(36).padStart(4, '0')}`,
    postUrl: (id, handle) => `${DEMO_ORIGIN}/gallery/${handle}/art/${id}`,
    authorUrl: (handle) => `${DEMO_ORIGIN}/gallery/${handle}`,
  },
  {
    name: 'demo-feed',
    sourceId: (index) => `post-${index}`,
    postUrl: (id) => `${DEMO_ORIGIN}/feed/p/${id}`,
    authorUrl: (handle) => `${DEMO_ORIGIN}/feed/@${handle}`,
  },
];

/** Invented creators; each posts on one site, as most people do. */
const AUTHORS: readonly { handle: string; name: string }[] = [
  { handle: 'pixelfern', name: 'Pixel Fern' },
  { handle: 'nightloom', name: 'Night Loom' },
  { handle: 'quietvector', name: 'Quiet Vector' },
  { handle: 'sunwarden', name: 'Sun Warden' },
  { handle: 'glasshare', name: 'Glass Hare' },
  { handle: 'mossandmetal', name: 'Moss & Metal' },
  { handle: 'lumenfox', name: 'Lumen Fox' },
  { handle: 'paperdunes', name: 'Paper Dunes' },
  { handle: 'driftcolour', name: 'Drift Colour' },
  { handle: 'ochre_owl', name: 'Ochre Owl' },
  { handle: 'neonmoth', name: 'Neon Moth' },
  { handle: 'stillwaterlab', name: 'Stillwater Lab' },
  { handle: 'hazeworks', name: 'Haze Works' },
  { handle: 'kitecraft', name: 'Kite Craft' },
  { handle: 'saltandsky', name: 'Salt and Sky' },
  { handle: 'orbital_ink', name: 'Orbital Ink' },
  { handle: 'softgrid', name: 'Soft Grid' },
  { handle: 'tidalmuse', name: 'Tidal Muse' },
  { handle: 'emberfield', name: 'Ember Field' },
  { handle: 'northlight', name: 'Northlight Studio' },
  { handle: 'velvetcircuit', name: 'Velvet Circuit' },
  { handle: 'plainshapes', name: 'Plain Shapes' },
  { handle: 'cinderpost', name: 'Cinder Post' },
  { handle: 'lowtide', name: 'Low Tide' },
];

const FORMATS: readonly (readonly [DemoImageFormat, number])[] = [
  ['jpeg', 5],
  ['png', 3],
  ['webp', 2],
];
const FILE_EXTENSIONS: Record<DemoImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rendering and the media pipeline both run on sharp's thread pool: a few in flight keep 2 cores busy. */
const CONCURRENCY = 3;
const INDEX_BATCH = 50;

export interface DemoArtwork {
  input: ArtworkInput;
  image: DemoImageSpec;
}

/** The demo record at `index`: a pure function of the index (and `now` for the dates), hence stable ids. */
export function demoArtwork(index: number, now: Date): DemoArtwork {
  const random = createSeededRandom(seedForIndex(index, 0));
  const generation = generateDemoPrompt(seedForIndex(index, 1));
  const authorIndex = random.int(0, AUTHORS.length - 1);
  const author = AUTHORS[authorIndex]!;
  const source = SOURCES[authorIndex % SOURCES.length]!;
  const sourceId = source.sourceId(index);
  const format = random.weighted(FORMATS);
  // Only a flag: the pictures are abstract, but the NSFW filter needs something to hide.
  const nsfw = random.chance(generation.model.startsWith('Pony') ? 0.2 : 0.03);
  const publishedAt = new Date(now.getTime() - Math.floor(random.between(0, 365) * DAY_MS));
  publishedAt.setUTCMilliseconds(0);
  return {
    input: {
      source: source.name,
      sourceId,
      postUrl: source.postUrl(sourceId, author.handle),
      imageUrl: `${DEMO_ORIGIN}/${source.name.replace(/^demo-/, '')}/media/${sourceId}.${FILE_EXTENSIONS[format]}`,
      author: { handle: author.handle, name: author.name, url: source.authorUrl(author.handle) },
      prompt: generation.prompt,
      negativePrompt: generation.negativePrompt,
      model: generation.model,
      params: generation.params,
      tags: generation.tags,
      nsfw,
      publishedAt,
    },
    image: {
      scene: generation.scene,
      mood: generation.mood,
      seed: seedForIndex(index, 2),
      width: generation.width,
      height: generation.height,
      format,
      // Noise defeats PNG compression: grainy PNGs come out ~1 MB and slow to encode and decode.
      grain: format !== 'png' && random.chance(0.35),
    },
  };
}

export interface SeedDemoOptions {
  artworks: Pick<ArtworkService, 'ingest' | 'syncSearchIndex'>;
  count?: number;
  onProgress?: (done: number, total: number) => void;
  /** Publish dates spread over the year before this. */
  now?: Date;
  /** Stops between artworks (server shutdown while seeding). */
  signal?: AbortSignal;
}

export type SeedDemoResult = Record<IngestOutcome, number> & { total: number };

/**
 * Loads the demo set through the real ingest path, indexing in batches. Re-running it
 * updates the same records (stable source ids) instead of adding new ones.
 */
export async function seedDemoArtworks({
  artworks,
  count = DEFAULT_DEMO_COUNT,
  onProgress,
  now = new Date(),
  signal,
}: SeedDemoOptions): Promise<SeedDemoResult> {
  const result: SeedDemoResult = { total: 0, new: 0, updated: 0, duplicate: 0 };
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let unindexed: string[] = [];
  let nextIndex = 0;

  const flushIndex = async () => {
    const ids = unindexed;
    unindexed = [];
    if (ids.length > 0) await artworks.syncSearchIndex(ids);
  };

  const worker = async () => {
    while (nextIndex < count) {
      stopped.throwIfAborted();
      const { input, image } = demoArtwork(nextIndex++, now);
      const { id, outcome } = await artworks.ingest(input, await renderDemoImage(image), { deferIndexing: true });
      result[outcome] += 1;
      result.total += 1;
      unindexed.push(id);
      if (unindexed.length >= INDEX_BATCH) await flushIndex();
      onProgress?.(result.total, count);
    }
  };

  const outcomes = await Promise.allSettled(
    Array.from({ length: CONCURRENCY }, () =>
      worker().catch((error: unknown) => {
        // One failure stops the other workers too, so nothing keeps writing after we return.
        stop.abort(error);
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  try {
    // Index what was ingested even when stopped early, so no stored artwork stays unsearchable.
    await flushIndex();
  } catch (error) {
    if (!failure) throw error;
  }
  if (failure) throw failure.reason;
  return result;
}
