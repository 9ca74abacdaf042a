import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048);

/** Crawled strings are untrusted: bounded, trimmed, stored as text, escaped when shown. */
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value ? value : null));

const paramValue = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

/**
 * A normalized artwork as a source (crawler, importer, demo set) hands it to ingest.
 * Every source maps its own format to this shape; the schema is the edge where
 * crawled data is checked.
 */
export const artworkInputSchema = z.object({
  source: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'lower-case letters, digits, "_", "." or "-"'),
  sourceId: text(200).min(1),
  postUrl: httpUrl,
  imageUrl: httpUrl,
  author: z
    .object({
      handle: optionalText(200),
      name: optionalText(200),
      url: httpUrl.nullish().transform((value) => value ?? null),
    })
    .default({ handle: null, name: null, url: null }),
  prompt: text(10_000).default(''),
  negativePrompt: optionalText(10_000),
  /** The post's words when it gave no prompt; shown, never taken for one. */
  description: optionalText(10_000),
  model: optionalText(200),
  params: z.record(z.string().max(64), paramValue).default({}),
  tags: z.array(text(100).min(1)).max(100).default([]),
  nsfw: z.boolean().default(false),
  publishedAt: z.coerce.date().nullish().transform((value) => value ?? null),
});

export type ArtworkInput = z.input<typeof artworkInputSchema>;
export type NormalizedArtworkInput = z.output<typeof artworkInputSchema>;
