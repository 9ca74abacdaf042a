import { afterEach, describe, expect, it } from 'vitest';
import { createReplicateProvider } from '../../../src/generation/providers/replicate-provider.ts';
import {
  TRICKY_PROMPT,
  generationRequest,
  jsonBody,
  providerFailure,
  sendJson,
  startFakeProviderServer,
  tinyPng,
  type FakeHandler,
  type FakeProviderServer,
} from './support/fake-provider-server.ts';

let server: FakeProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function providerAnswering(handler: FakeHandler, timeoutMs = 5_000) {
  server = await startFakeProviderServer(handler);
  return { server, provider: createReplicateProvider({ baseUrl: server.baseUrl, apiToken: 'r8_test', timeoutMs, pollIntervalMs: 20 }) };
}

function prediction(baseUrl: string, id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    status,
    input: {},
    output: null,
    error: null,
    urls: { get: `${baseUrl}/v1/predictions/${id}`, cancel: `${baseUrl}/v1/predictions/${id}/cancel` },
    ...extra,
  };
}

describe('Replicate provider', () => {
  it('creates a prediction for owner/name, polls urls.get until it succeeds and downloads the output', async () => {
    const png = await tinyPng();
    let polls = 0;
    const { server, provider } = await providerAnswering((request, response) => {
      const base = server!.baseUrl;
      if (request.url === '/v1/models/black-forest-labs/flux-schnell/predictions') return sendJson(response, 201, prediction(base, 'pr1', 'starting'));
      if (request.url === '/v1/predictions/pr1') {
        polls++;
        return sendJson(response, 200, polls < 3 ? prediction(base, 'pr1', 'processing') : prediction(base, 'pr1', 'succeeded', { output: [`${base}/files/out-0.webp`] }));
      }
      if (request.url === '/files/out-0.webp') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      sendJson(response, 404, { detail: 'Not found' });
    });
    const reference = await tinyPng('#abcdef');

    const image = await provider.generate(generationRequest({ providerModel: 'black-forest-labs/flux-schnell', aspect: 'landscape', seed: 9, referenceImage: reference }));

    expect(image).toEqual({ data: png, seed: 9 });
    const [create] = server.requests;
    expect(create?.method).toBe('POST');
    expect(create?.headers.authorization).toBe('Bearer r8_test');
    expect(create?.headers.prefer).toBe('wait');
    expect(jsonBody(create!)).toEqual({
      input: {
        prompt: TRICKY_PROMPT,
        negative_prompt: 'blurry, lowres',
        aspect_ratio: '3:2',
        seed: 9,
        image: `data:image/png;base64,${reference.toString('base64')}`,
      },
    });
    expect(server.requests.filter((request) => request.url === '/v1/predictions/pr1')).toHaveLength(3);
    expect(server.requests.every((request) => request.url.startsWith('/files/') || request.headers.authorization === 'Bearer r8_test')).toBe(true);
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('uses /v1/predictions with version for a pinned model and accepts a single output URL', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((request, response) => {
      const base = server!.baseUrl;
      if (request.url === '/v1/predictions') return sendJson(response, 201, prediction(base, 'pr2', 'succeeded', { output: `${base}/files/one.png` }));
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });

    await provider.generate(generationRequest({ providerModel: 'stability-ai/sdxl:39ed52f2a78e', negativePrompt: null }));

    const body = jsonBody(server.requests[0]!) as { version: string; input: Record<string, unknown> };
    expect(body.version).toBe('39ed52f2a78e');
    expect(body.input).not.toHaveProperty('negative_prompt');
    expect(body.input.aspect_ratio).toBe('2:3');
  });

  it('never sends the token to a urls.get on another origin', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((request, response) => {
      const base = server!.baseUrl;
      if (request.method === 'POST') return sendJson(response, 201, { ...prediction(base, 'pr3', 'starting'), urls: { get: 'https://elsewhere.example/v1/predictions/pr3' } });
      if (request.url === '/v1/predictions/pr3') return sendJson(response, 200, prediction(base, 'pr3', 'succeeded', { output: [`${base}/files/x.png`] }));
      response.writeHead(200).end(png);
    });

    await provider.generate(generationRequest({ providerModel: 'owner/model' }));

    expect(server.requests.map((request) => request.url)).toContain('/v1/predictions/pr3');
  });

  it('maps a failed prediction to a permanent error with its reason', async () => {
    const { provider } = await providerAnswering((_request, response) =>
      sendJson(response, 201, prediction(server!.baseUrl, 'pr4', 'failed', { error: 'NSFW content detected. Try running it again, or try a different prompt.' })),
    );

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'owner/model' })));

    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('NSFW content detected');
  });

  it.each([
    [429, 'transient'],
    [502, 'transient'],
    [401, 'permanent'],
    [422, 'permanent'],
  ] as const)('maps %i to %s', async (status, kind) => {
    const { provider } = await providerAnswering((_request, response) => sendJson(response, status, { title: 'Problem', detail: `status ${status}` }));

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'owner/model' })));

    expect(error.kind).toBe(kind);
    expect(error.message).toContain(`status ${status}`);
  });

  it('maps a malformed prediction to a permanent error', async () => {
    const { provider } = await providerAnswering((_request, response) => sendJson(response, 201, { id: 'pr5', status: 'exploded' }));

    expect((await providerFailure(provider.generate(generationRequest({ providerModel: 'owner/model' })))).kind).toBe('permanent');
  });

  it('cancels the prediction when the request is aborted while polling', async () => {
    const { server, provider } = await providerAnswering((request, response) => {
      const base = server!.baseUrl;
      if (request.url === '/v1/predictions/pr6/cancel') return sendJson(response, 200, prediction(base, 'pr6', 'canceled'));
      sendJson(response, request.method === 'POST' ? 201 : 200, prediction(base, 'pr6', 'processing'));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'owner/model', signal: controller.signal })));

    expect(error.message).toMatch(/aborted/);
    const cancel = server.requests.find((request) => request.url === '/v1/predictions/pr6/cancel');
    expect(cancel?.method).toBe('POST');
    expect(cancel?.headers.authorization).toBe('Bearer r8_test');
  });

  it('gives up with a transient error when the prediction outlives the timeout', async () => {
    const { server, provider } = await providerAnswering((request, response) =>
      sendJson(response, request.method === 'POST' ? 201 : 200, prediction(server!.baseUrl, 'pr7', 'processing')),
    250,
    );

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'owner/model' })));

    expect(error.kind).toBe('transient');
    // Ended by its own deadline, not by another failure (or the test's timeout).
    expect(error.message).toMatch(/within 250 ms/);
    // A prediction we stopped waiting for keeps costing money: it is canceled too.
    expect(server.requests.some((request) => request.url === '/v1/predictions/pr7/cancel')).toBe(true);
  });
});
