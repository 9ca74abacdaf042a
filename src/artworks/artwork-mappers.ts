import type { ArtworkRow, GenerationParams } from './artwork-tables.ts';
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
export interface ArtworkCard {
  id: string;
  prompt: string;
  negativePrompt: string | null;
  model: string | null;
  author: { handle: string | null; name: string | null; url: string | null };
  source: string;
  sourceUrl: string;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  width: number;
  height: number;
  aspect: string;
  nsfw: boolean;
  placeholder: string;
  publishedAt: string | null;
}

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

export interface ArtworkDetail extends ArtworkCard {
  imageUrl: string;
  description: string | null;
  tags: string[];
  params: GenerationParams;
  indexedAt: string;
  similar: ArtworkCard[];
}

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
