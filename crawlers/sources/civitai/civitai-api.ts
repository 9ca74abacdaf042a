import { z } from 'zod';
import type { ArtworkInput } from '../../../src/artworks/artwork-input.ts';
import type { MappedRecord } from '../../runner/crawl-source.ts';

/** One page of GET /api/v1/images. Items are checked one by one, so one odd item fails alone. */
export const civitaiImagesPageSchema = z.object({
  items: z.array(z.unknown()).max(1_000),
  metadata: z
    .object({ nextCursor: z.union([z.string().max(500), z.number()]).nullish() })
    .nullish(),
});

const civitaiImageSchema = z.object({
  id: z.number().int().positive(),
  url: z.string().min(1).max(2048),
  nsfwLevel: z.union([z.string(), z.number()]).nullish(),
  nsfw: z.boolean().nullish(),
  createdAt: z.string().nullish(),
  username: z.string().nullish(),
  baseModel: z.string().nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
});

type CivitaiImage = z.infer<typeof civitaiImageSchema>;

/** The id of a raw item when it has one, even if the rest of it is invalid. */
export function civitaiItemId(raw: unknown): number | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/** Civitai's `meta` keys for the parameters the artwork record names. */
const META_PARAMS = {
  sampler: 'sampler',
  seed: 'seed',
  steps: 'steps',
  cfgScale: 'cfgScale',
  size: 'Size',
  modelHash: 'Model hash',
  clipSkip: 'Clip skip',
} as const;

export function mapCivitaiImage(raw: unknown, site: { apiBaseUrl: string; siteUrl: string; source: string }): MappedRecord {
  const parsed = civitaiImageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid Civitai item: ${issue?.path.join('.') || 'item'}: ${issue?.message}` };
  }
  const image = parsed.data;
  const meta = image.meta ?? {};
  const input: ArtworkInput = {
    source: site.source,
    sourceId: String(image.id),
    postUrl: new URL(`/images/${image.id}`, site.siteUrl).href,
    imageUrl: resolveUrl(image.url, site.apiBaseUrl),
    author: {
      handle: image.username ?? null,
      name: image.username ?? null,
      url: image.username ? new URL(`/user/${encodeURIComponent(image.username)}`, site.siteUrl).href : null,
    },
    prompt: stringOf(meta.prompt) ?? '',
    negativePrompt: stringOf(meta.negativePrompt) ?? null,
    model: stringOf(meta.Model) ?? image.baseModel ?? null,
    params: paramsOf(meta),
    nsfw: isNsfw(image),
    publishedAt: image.createdAt ?? null,
  };
  return { ok: true, input };
}

/** Civitai reports levels as words (None/Soft/Mature/X) or, newer, as flags (1 = PG … 16 = XXX). */
function isNsfw(image: CivitaiImage): boolean {
  if (typeof image.nsfwLevel === 'string') return image.nsfwLevel !== 'None';
  if (typeof image.nsfwLevel === 'number') return image.nsfwLevel > 1;
  return image.nsfw ?? false;
}

function paramsOf(meta: Record<string, unknown>): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, key] of Object.entries(META_PARAMS)) {
    const value = meta[key];
    if (typeof value === 'number' && Number.isFinite(value)) params[name] = value;
    else if (typeof value === 'string' && value.trim() && value.length <= 500) params[name] = value.trim();
  }
  return params;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Image URLs are absolute in practice; a relative one is read against the API's origin. */
function resolveUrl(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}
