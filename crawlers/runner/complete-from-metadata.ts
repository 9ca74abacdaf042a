import type { NormalizedArtworkInput } from '../../src/artworks/artwork-input.ts';

/** The part of crawlers/metadata's result the runner uses (kept structural so either side can grow). */
export interface EmbeddedGenerationMetadata {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  params: Record<string, string | number | boolean | undefined>;
}

export type GenerationMetadataReader = (bytes: Buffer) => EmbeddedGenerationMetadata | undefined;

/**
 * Fills what the source did not say from what the image file says about its own generation.
 * The source's values win where both exist: it is the page a person reads, and the file's
 * metadata may be stale after edits. Parameters are merged key by key on the same rule.
 * `fileWins` turns that round for sources whose prompt is read from loose post text.
 */
export function completeFromMetadata(
  record: NormalizedArtworkInput,
  metadata: EmbeddedGenerationMetadata | undefined,
  { fileWins = false }: { fileWins?: boolean } = {},
): NormalizedArtworkInput {
  if (!metadata) return record;
  if (fileWins && metadata.prompt) {
    const fromFile = completeFromMetadata({ ...record, prompt: '', negativePrompt: null, model: null, params: {} }, metadata);
    return { ...fromFile, model: fromFile.model ?? record.model, params: { ...record.params, ...fromFile.params }, description: null };
  }
  const params: NormalizedArtworkInput['params'] = {};
  for (const [key, value] of Object.entries(metadata.params)) {
    if (value !== undefined) params[key] = value;
  }
  return {
    ...record,
    prompt: record.prompt || metadata.prompt || '',
    negativePrompt: record.negativePrompt ?? metadata.negativePrompt ?? null,
    model: record.model ?? metadata.model ?? null,
    params: { ...params, ...record.params },
  };
}
