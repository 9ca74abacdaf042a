import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export interface FixtureServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Every request's path and query, in arrival order. */
  requests: string[];
  route(pathname: string, handler: FixtureHandler): void;
  close(): Promise<void>;
}

/** A small site on 127.0.0.1 for one test file: exact-path routes, 404 for the rest, a request log. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, FixtureHandler>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const handler = routes.get(url.pathname);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(request, response, url)).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (pathname, handler) => routes.set(pathname, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sendBytes = (contentType: string, body: Buffer | string): FixtureHandler => (_request, response) => {
  response.writeHead(200, { 'content-type': contentType }).end(body);
};

export const sendJson = (body: unknown): FixtureHandler => sendBytes('application/json', JSON.stringify(body));
