/** Known-item recall over HTTP: is the target (or an identical prompt) in the first page of 20? */
import { z } from 'zod';
import { KNOWN_ITEM_PAGE, type KnownItem } from './search-query-sets.ts';

const CONCURRENCY = 4;
const MISSES_SHOWN = 10;

const searchResponseSchema = z.object({
  hits: z.array(z.object({ id: z.string() })),
  estimatedTotal: z.number(),
  correctedQuery: z.string().nullish(),
});

export interface KnownItemMiss {
  q: string;
  targetId: string;
  estimatedTotal: number;
  correctedQuery: string | null;
}

export interface KnownItemRecall {
  targets: number;
  found: number;
  recallPercent: number;
  /** The first misses, to see what kind of phrase is missed. */
  misses: KnownItemMiss[];
}

export async function measureKnownItemRecall(base: string, items: readonly KnownItem[]): Promise<KnownItemRecall> {
  let found = 0;
  const misses: KnownItemMiss[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      const response = await fetch(`${base}/api/search?q=${encodeURIComponent(item.q)}&limit=${KNOWN_ITEM_PAGE}`);
      if (!response.ok) throw new Error(`known-item search "${item.q}" answered ${response.status}`);
      const body = searchResponseSchema.parse(await response.json());
      const accepted = new Set(item.acceptedIds);
      if (body.hits.some((hit) => accepted.has(hit.id))) found++;
      else if (misses.length < MISSES_SHOWN) {
        misses.push({ q: item.q, targetId: item.targetId, estimatedTotal: body.estimatedTotal, correctedQuery: body.correctedQuery ?? null });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { targets: items.length, found, recallPercent: items.length === 0 ? 0 : (100 * found) / items.length, misses };
}
