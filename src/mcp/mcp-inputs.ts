import { z } from 'zod';
import { artworkIdSchema } from '../artworks/artwork-id.ts';
import { generationIdSchema, generationRequestSchema } from '../generation/generation-input.ts';
import { searchParamsSchema } from '../search/search-params.ts';

/**
 * The MCP tools' inputs are the HTTP routes' own schemas (same rules, same messages); only the
 * page size is smaller, so an answer fits an assistant's context.
 */
export const MCP_MAX_RESULTS = 25;
const mcpLimit = z.coerce.number().int('must be a whole number').min(1).max(MCP_MAX_RESULTS).default(10);

export const searchArtworksInputSchema = searchParamsSchema.safeExtend({ limit: mcpLimit });

export const getArtworkInputSchema = artworkIdSchema;

export const similarPromptsInputSchema = z.object({
  prompt: searchParamsSchema.shape.q.pipe(z.string().trim().min(1, 'paste a prompt to compare')),
  nsfw: searchParamsSchema.shape.nsfw,
  limit: mcpLimit,
});

export const generateImageInputSchema = generationRequestSchema.pick({ prompt: true, negativePrompt: true, model: true, aspect: true, seed: true });

export const getGenerationInputSchema = generationIdSchema;
