import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { ProviderError, type ImageGenerationRequest } from '../../../../src/generation/providers/image-provider.ts';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeProviderServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A provider stand-in on 127.0.0.1: records every request, answers with the test's handler. */
export async function startFakeProviderServer(handler: FakeHandler): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const recorded = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      Promise.resolve(handler(recorded, response)).catch((error: unknown) => {
        response.writeHead(599).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Handlers that never answer leave sockets open; drop them so close() returns.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
}

/** A real, small PNG, so decoded results can be compared byte for byte. */
export async function tinyPng(colour = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: colour } }).png().toBuffer();
}

/** Quotes, braces, a placeholder look-alike and non-ASCII: a prompt that must arrive exactly as typed. */
export const TRICKY_PROMPT = 'a "fox" in {snow}, $seed \\ 雪 🦊\nsecond line';

export function generationRequest(overrides: Partial<ImageGenerationRequest> = {}): ImageGenerationRequest {
  return {
    prompt: TRICKY_PROMPT,
    negativePrompt: 'blurry, lowres',
    providerModel: 'test-model',
    aspect: 'portrait',
    width: 832,
    height: 1216,
    seed: 123456789,
    referenceImage: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** The ProviderError a generation rejects with (fails the test if it resolves or throws anything else). */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}
