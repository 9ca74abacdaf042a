import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Router, type RequestHandler } from 'express';
import { createArtsiftMcpServer, type McpServerDeps } from '../../../mcp/mcp-server.ts';
import '../../middleware/api-key-request.ts';
import { jsonBody } from '../../middleware/clean-input.ts';

export const MCP_PATH = '/mcp';

/**
 * Streamable HTTP, stateless: each POST gets a fresh server and transport, so any app process
 * can answer any request. Only an API key names an account here, never a session cookie: a
 * page elsewhere cannot make a signed-in browser generate (which is also why /mcp needs no CSRF token).
 */
export function createMcpRouter(deps: Omit<McpServerDeps, 'account'>): Router {
  const router = Router();

  router.post(MCP_PATH, jsonBody({ limit: '64kb' }), async (req, res) => {
    const server = createArtsiftMcpServer({ ...deps, account: req.apiKey ? req.user : undefined });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  // No sessions, so no server-initiated stream (GET) and nothing to end (DELETE).
  const notAllowed: RequestHandler = (_req, res) => {
    res.status(405).set('Allow', 'POST').json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless, POST only' }, id: null });
  };
  router.get(MCP_PATH, notAllowed);
  router.delete(MCP_PATH, notAllowed);
  return router;
}
