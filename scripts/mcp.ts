/**
 * `npm run mcp`: artsift's MCP server over stdio, for desktop assistants that start it as a
 * command. Same DATA_DIR / DATABASE_URL as the server. With ARTSIFT_API_KEY it acts as that key's
 * owner (generate_image, get_generation); without, only the read-only tools. Logs go to stderr:
 * stdout carries the protocol.
 */
import { once } from 'node:events';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { looksLikeApiKey } from '../src/api-keys/api-key-secret.ts';
import { createArtsiftMcpServer } from '../src/mcp/mcp-server.ts';
import { describeCliFailure } from './cli-program.ts';
import { withApp } from './with-app.ts';

const mcpEnvironmentSchema = z.object({
  ARTSIFT_API_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().refine(looksLikeApiKey, 'ARTSIFT_API_KEY must be an artsift API key (as_…, made on the account page)').optional(),
  ),
});

async function main(): Promise<void> {
  const parsed = mcpEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
  const apiKey = parsed.data.ARTSIFT_API_KEY;
  await withApp(async (app) => {
    const principal = apiKey ? await app.apiKeys.service.authenticate(apiKey) : undefined;
    if (apiKey && !principal) throw new Error('ARTSIFT_API_KEY is unknown or revoked: make a new key on the account page');
    const server = createArtsiftMcpServer({
      search: app.search,
      artworks: app.artworks,
      generations: app.generation.generations,
      publicUrl: app.config.PUBLIC_URL,
      logger: app.logger,
      account: principal?.account,
    });
    const transport = new StdioServerTransport();
    await server.connect(transport);
    // The assistant ends the server by closing its stdin.
    await once(process.stdin, 'end');
    await server.close();
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(describeCliFailure(error));
    process.exit(1);
  },
);
