import type { ArtworkCard, ArtworkDetail } from '../artworks/artwork-mappers.ts';
import type { GenerationResponse } from '../generation/generation.service.ts';
import type { SearchResponse } from '../search/search.service.ts';

/**
 * What the MCP tools answer: explicit, bounded shapes (an assistant's context is small and
 * prompts are untrusted, arbitrarily long text), with absolute links back to artsift.
 */
const SEARCH_PROMPT_CHARS = 600;
const FULL_PROMPT_CHARS = 8000;
const NEGATIVE_PROMPT_CHARS = 4000;
const PARAM_VALUE_CHARS = 200;
const MAX_PARAMS = 40;
const MAX_TAGS = 40;
const MAX_SIMILAR = 6;

export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const absolute = (publicUrl: string, path: string | null) => (path === null ? null : new URL(path, publicUrl).toString());

export function toHitResult(card: ArtworkCard, publicUrl: string) {
  return {
    id: card.id,
    prompt: bounded(card.prompt, SEARCH_PROMPT_CHARS),
    model: card.model,
    link: absolute(publicUrl, `/a/${card.id}`),
    thumbnailUrl: absolute(publicUrl, card.thumbnailUrl),
    sourceUrl: card.sourceUrl,
    author: card.author.handle,
    aspect: card.aspect,
  };
}

export function toSearchResult(response: SearchResponse, publicUrl: string) {
  return {
    estimatedTotal: response.estimatedTotal,
    page: response.page,
    limit: response.limit,
    correctedQuery: response.correctedQuery,
    hits: response.hits.map((hit) => toHitResult(hit, publicUrl)),
  };
}

export function toArtworkResult(detail: ArtworkDetail, publicUrl: string) {
  const params = Object.fromEntries(
    Object.entries(detail.params)
      .slice(0, MAX_PARAMS)
      .map(([name, value]) => [bounded(name, 64), typeof value === 'string' ? bounded(value, PARAM_VALUE_CHARS) : value]),
  );
  return {
    id: detail.id,
    prompt: bounded(detail.prompt, FULL_PROMPT_CHARS),
    negativePrompt: detail.negativePrompt === null ? null : bounded(detail.negativePrompt, NEGATIVE_PROMPT_CHARS),
    model: detail.model,
    params,
    tags: detail.tags.slice(0, MAX_TAGS),
    author: detail.author,
    source: detail.source,
    sourceUrl: detail.sourceUrl,
    link: absolute(publicUrl, `/a/${detail.id}`),
    thumbnailUrl: absolute(publicUrl, detail.thumbnailUrl),
    previewUrl: absolute(publicUrl, detail.previewUrl),
    width: detail.width,
    height: detail.height,
    publishedAt: detail.publishedAt,
    similar: detail.similar.slice(0, MAX_SIMILAR).map((card) => ({ id: card.id, prompt: bounded(card.prompt, 200), link: absolute(publicUrl, `/a/${card.id}`) })),
  };
}

export function toGenerationResult(generation: GenerationResponse, publicUrl: string) {
  return {
    ...generation,
    galleryUrl: generation.galleryItemId ? absolute(publicUrl, `/g/${generation.galleryItemId}`) : null,
  };
}
