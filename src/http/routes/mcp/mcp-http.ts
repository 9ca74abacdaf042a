import type { McpServerDeps } from '../../../mcp/mcp-server.ts';
import type { FeatureRoutes } from '../feature-routes.ts';
import { createMcpRouter } from './mcp.routes.ts';

/** The MCP server's Streamable HTTP endpoint, /mcp. */
export function createMcpHttp(deps: Omit<McpServerDeps, 'account'>): FeatureRoutes {
  return { routes: createMcpRouter(deps) };
}
