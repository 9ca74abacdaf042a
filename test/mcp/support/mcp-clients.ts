import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';
import type { TestApp } from '../../support/test-app.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The SDK's own client over Streamable HTTP at /mcp, with a key or anonymous. */
export async function httpMcpClient(t: TestApp, key?: string): Promise<Client> {
  const client = new Client({ name: 'artsift-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', t.baseUrl), key ? { requestInit: { headers: { Authorization: `Bearer ${key}` } } } : {});
  await client.connect(transport);
  return client;
}

/** The SDK's own client starting `scripts/mcp.ts` as an assistant would, speaking over its stdin and stdout. */
export async function stdioMcpClient(t: TestApp, env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'artsift-test', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/mcp.ts'],
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: t.database.url, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://artsift.test', ...env },
    stderr: 'pipe',
  });
  await client.connect(transport);
  return client;
}

export interface ToolAnswer<T> {
  isError: boolean;
  text: string;
  value: T;
}

export async function callTool<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer<T>> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text?: string }[];
  expect(content[0]?.type).toBe('text');
  const text = content[0]!.text ?? '';
  return { isError: result.isError === true, text, value: (result.isError ? undefined : JSON.parse(text)) as T };
}
