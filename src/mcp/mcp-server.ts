import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Account } from '../accounts/account.ts';
import type { ArtworkService } from '../artworks/artwork.service.ts';
import { DomainError } from '../errors.ts';
import type { GenerationService } from '../generation/generation.service.ts';
import type { Logger } from '../logger.ts';
import type { SearchService } from '../search/search.service.ts';
import {
  generateImageInputSchema,
  getArtworkInputSchema,
  getGenerationInputSchema,
  searchArtworksInputSchema,
  similarPromptsInputSchema,
} from './mcp-inputs.ts';
import { toArtworkResult, toGenerationResult, toSearchResult } from './mcp-results.ts';

export interface McpServerDeps {
  search: Pick<SearchService, 'search'>;
  artworks: Pick<ArtworkService, 'getDetail'>;
  generations: Pick<GenerationService, 'accept' | 'getOwn'>;
  publicUrl: string;
  logger: Logger;
  /** The API key's owner; without one only the read-only tools exist. */
  account?: Account | undefined;
}

const VERSION = '0.1.0';

/**
 * artsift's MCP server: the same services the JSON API calls. Domain refusals (not found,
 * removed for legal reasons, no credits) come back as tool errors with their message; anything
 * else is logged and answered without details.
 */
export function createArtsiftMcpServer({ search, artworks, generations, publicUrl, logger, account }: McpServerDeps): McpServer {
  const server = new McpServer(
    { name: 'artsift', version: VERSION },
    { instructions: 'Search public AI-generated artwork by prompt, read full prompts and generation parameters, find similar prompts' + (account ? ', and generate images with your artsift credits.' : '. Generating images needs an artsift API key.') },
  );

  const answer = async (work: () => Promise<Record<string, unknown>>): Promise<CallToolResult> => {
    try {
      const value = await work();
      return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
    } catch (error) {
      if (error instanceof DomainError) return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }] };
      logger.error({ err: error }, 'MCP tool failed');
      return { isError: true, content: [{ type: 'text', text: 'internal: something went wrong on our side' }] };
    }
  };
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'search_artworks',
    {
      title: 'Search artworks',
      description: 'Search indexed AI-generated artworks by the words of their prompt. Filters: model, source, aspect (square, portrait, landscape); sort by relevance or newest; page through results. Each hit has the prompt (shortened), model, a link to the artwork page and a thumbnail URL.',
      inputSchema: searchArtworksInputSchema,
      annotations: readOnly,
    },
    (params) => answer(async () => toSearchResult(await search.search(params), publicUrl)),
  );

  server.registerTool(
    'get_artwork',
    {
      title: 'Get an artwork',
      description: 'The full prompt, negative prompt, model and generation parameters (seed, steps, sampler, CFG…) of one artwork, with its author, source and similar works.',
      inputSchema: getArtworkInputSchema,
      annotations: readOnly,
    },
    ({ id }) => answer(async () => toArtworkResult(await artworks.getDetail(id), publicUrl)),
  );

  server.registerTool(
    'similar_prompts',
    {
      title: 'Find similar prompts',
      description: 'Paste a whole prompt: answers the indexed artworks whose prompts are closest to it (most shared words first).',
      inputSchema: similarPromptsInputSchema,
      annotations: readOnly,
    },
    ({ prompt, nsfw, limit }) =>
      answer(async () => {
        const { hits } = toSearchResult(await search.search({ q: prompt, nsfw, limit, page: 1, sort: 'relevance', model: [], source: [], aspect: [] }), publicUrl);
        return { hits };
      }),
  );

  if (account) {
    const owner = account;
    server.registerTool(
      'generate_image',
      {
        title: 'Generate an image',
        description: "Queue an image generation with one of artsift's models (the ids GET /api/models lists; offline-sketch is always there). Costs the model's credits from your balance. Answers the job id: follow it with get_generation.",
        inputSchema: generateImageInputSchema,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (request) => answer(async () => ({ ...(await generations.accept(owner.id, request)) })),
    );

    server.registerTool(
      'get_generation',
      {
        title: 'Get a generation',
        description: 'The state of one of your generation jobs (queued, running, succeeded, failed, cancelled) and, once done, the link to the image in your gallery.',
        inputSchema: getGenerationInputSchema,
        annotations: readOnly,
      },
      ({ id }) => answer(async () => toGenerationResult(await generations.getOwn(owner.id, id), publicUrl)),
    );
  }
  return server;
}
