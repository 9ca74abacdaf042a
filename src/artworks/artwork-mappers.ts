import { z } from 'zod';
import type { ArtworkRow } from './artwork-tables.ts';
import type { SearchDocument } from '../search/search-index.ts';

/** Builds URLs to stored media; injected so the mappers stay free of storage details. */
export type MediaUrl = (key: string) => string;

export function toSearchDocument(row: ArtworkRow, mediaUrl: MediaUrl): SearchDocument {
  return {
    id: row.id,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    model: row.model,
    // A post without a prompt is still found by its words: they are searched as its tags are.
    tags: row.description && !row.prompt ? [...row.tags, row.description] : row.tags,
    authorHandle: row.author_handle,
    authorName: row.author_name,
    authorUrl: row.author_url,
    source: row.source,
    sourceUrl: row.post_url,
    thumbnailUrl: row.thumbnail_key ? mediaUrl(row.thumbnail_key) : null,
    previewUrl: row.preview_key ? mediaUrl(row.preview_key) : null,
    width: row.width,
    height: row.height,
    aspect: row.aspect,
    nsfw: row.nsfw,
    placeholder: row.placeholder,
    publishedAt: row.published_at ? row.published_at.getTime() : null,
  };
}

/** The public card shape shared by search hits and "similar" lists. */
export const artworkCardSchema = z.object({
  id: z.string().describe('Numeric artwork id'),
  prompt: z.string(),
  negativePrompt: z.string().nullable(),
  model: z.string().nullable(),
  author: z.object({ handle: z.string().nullable(), name: z.string().nullable(), url: z.string().nullable() }),
  source: z.string(),
  sourceUrl: z.string().describe('The original post'),
  thumbnailUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  aspect: z.string(),
  nsfw: z.boolean(),
  placeholder: z.string().describe('A thumbhash to show while the thumbnail loads'),
  publishedAt: z.iso.datetime().nullable(),
});

export type ArtworkCard = z.infer<typeof artworkCardSchema>;

export function searchDocumentToCard(doc: SearchDocument): ArtworkCard {
  return {
    id: doc.id,
    prompt: doc.prompt,
    negativePrompt: doc.negativePrompt,
    model: doc.model,
    author: { handle: doc.authorHandle, name: doc.authorName, url: doc.authorUrl },
    source: doc.source,
    sourceUrl: doc.sourceUrl,
    thumbnailUrl: doc.thumbnailUrl,
    previewUrl: doc.previewUrl,
    width: doc.width,
    height: doc.height,
    aspect: doc.aspect,
    nsfw: doc.nsfw,
    placeholder: doc.placeholder,
    publishedAt: doc.publishedAt === null ? null : new Date(doc.publishedAt).toISOString(),
  };
}

export function rowToCard(row: ArtworkRow, mediaUrl: MediaUrl): ArtworkCard {
  return searchDocumentToCard(toSearchDocument(row, mediaUrl));
}

/** Generation parameters as the source published them (seed, steps, sampler, cfgScale, size…). */
const generationParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).optional());

export const artworkDetailSchema = artworkCardSchema.extend({
  imageUrl: z.string().describe('The full-size image where the source hosts it'),
  description: z.string().nullable().describe('The post’s own text, for a post without a prompt'),
  tags: z.array(z.string()),
  params: generationParamsSchema,
  indexedAt: z.iso.datetime(),
  similar: z.array(artworkCardSchema),
});

export type ArtworkDetail = z.infer<typeof artworkDetailSchema>;

export function rowToDetail(row: ArtworkRow, similar: ArtworkCard[], mediaUrl: MediaUrl): ArtworkDetail {
  return {
    ...rowToCard(row, mediaUrl),
    imageUrl: row.image_url,
    description: row.description,
    tags: row.tags,
    params: row.params,
    indexedAt: row.indexed_at.toISOString(),
    similar,
  };
}
