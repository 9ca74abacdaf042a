import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/generation/providers/image-provider.ts';
import { createOpenAiImagesProvider } from '../../../src/generation/providers/openai-images-provider.ts';
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
  return { server, provider: createOpenAiImagesProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test', timeoutMs }) };
}

describe('OpenAI Images provider', () => {
  it('sends a gpt-image-1 generation and decodes data[0].b64_json', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { created: 1, data: [{ b64_json: png.toString('base64') }] }));

    const image = await provider.generate(generationRequest({ providerModel: 'gpt-image-1', aspect: 'portrait' }));

    expect(image.data.equals(png)).toBe(true);
    expect(image.seed).toBeNull();
    const [sent] = server.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/v1/images/generations');
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.headers['content-type']).toBe('application/json');
    const body = jsonBody(sent!);
    expect(body).toEqual({ model: 'gpt-image-1', prompt: TRICKY_PROMPT, n: 1, size: '1024x1536' });
  });

  it('asks dall-e-3 for base64 and maps landscape to 1792x1024', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { data: [{ b64_json: png.toString('base64') }] }));

    await provider.generate(generationRequest({ providerModel: 'dall-e-3', aspect: 'landscape' }));

    expect(jsonBody(server.requests[0]!)).toMatchObject({ model: 'dall-e-3', size: '1792x1024', response_format: 'b64_json', prompt: TRICKY_PROMPT });
  });

  it('uses the configured pixel size for other (compatible) models', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { data: [{ b64_json: png.toString('base64') }] }));

    await provider.generate(generationRequest({ providerModel: 'local-sdxl', width: 832, height: 1216 }));

    expect(jsonBody(server.requests[0]!)).toMatchObject({ size: '832x1216', response_format: 'b64_json' });
  });

  it('downloads data[0].url when a compatible server answers with a URL instead of base64', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((request, response) => {
      if (request.url === '/files/result.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      sendJson(response, 200, { data: [{ url: `${server!.baseUrl}/files/result.png` }] });
    });

    const image = await provider.generate(generationRequest({ providerModel: 'local-sdxl' }));

    expect(image.data.equals(png)).toBe(true);
    expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /v1/images/generations', 'GET /files/result.png']);
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('posts a reference image to /v1/images/edits as multipart', async () => {
    const png = await tinyPng();
    const reference = await tinyPng('#ff0000');
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { data: [{ b64_json: png.toString('base64') }] }));

    const image = await provider.generate(generationRequest({ providerModel: 'gpt-image-1', aspect: 'square', referenceImage: reference }));

    expect(image.data.equals(png)).toBe(true);
    const sent = server.requests[0]!;
    expect(sent.url).toBe('/v1/images/edits');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Request('http://parse.invalid/', {
      method: 'POST',
      headers: { 'content-type': sent.headers['content-type']! },
      body: new Uint8Array(sent.body),
    }).formData();
    // multipart/form-data carries line breaks in text fields as CRLF (WHATWG encoding); nothing else changes.
    expect(form.get('prompt')).toBe(TRICKY_PROMPT.replaceAll('\n', '\r\n'));
    expect(form.get('model')).toBe('gpt-image-1');
    expect(form.get('size')).toBe('1024x1024');
    const file = form.get('image') as File;
    expect(file.type).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(reference)).toBe(true);
  });

  it('maps a content-policy refusal (400) to a permanent error with the provider message', async () => {
    const { provider } = await providerAnswering((_request, response) =>
      sendJson(response, 400, {
        error: { message: 'Your request was rejected by the safety system.', type: 'image_generation_user_error', code: 'content_policy_violation' },
      }),
    );

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'dall-e-3' })));

    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('400');
    expect(error.message).toContain('content_policy_violation');
  });

  it.each([429, 500, 503])('maps %i to a transient error', async (status) => {
    const { provider } = await providerAnswering((_request, response) => sendJson(response, status, { error: { message: 'busy', type: 'server_error', code: null } }));

    const error = await providerFailure(provider.generate(generationRequest({ providerModel: 'gpt-image-1' })));

    expect(error.kind).toBe('transient');
    expect(error.message).toContain(String(status));
  });

  it('maps malformed JSON and a response without images to permanent errors', async () => {
    const { provider } = await providerAnswering((request, response) => {
      if (jsonBody(request).prompt === 'broken') response.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [');
      else sendJson(response, 200, { data: [] });
    });

    expect((await providerFailure(provider.generate(generationRequest({ prompt: 'broken' })))).kind).toBe('permanent');
    const empty = await providerFailure(provider.generate(generationRequest({ prompt: 'empty' })));
    expect(empty.kind).toBe('permanent');
    expect(empty.message).toContain('data');
  });

  it('gives up with a transient timeout error when the server never answers', async () => {
    const { provider } = await providerAnswering(() => undefined, 300);

    const error = await providerFailure(provider.generate(generationRequest()));

    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/within 300 ms/);
  });

  it('stops waiting when the request signal aborts', async () => {
    const { provider } = await providerAnswering(() => undefined, 10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job canceled')), 100);

    const error = await providerFailure(provider.generate(generationRequest({ signal: controller.signal })));

    expect(error.message).toMatch(/aborted/);
    expect(error.kind).toBe('permanent');
    expect((error.cause as Error).message).toBe('job canceled');
  });

  it("rethrows the caller's own ProviderError when that is the abort reason", async () => {
    const { provider } = await providerAnswering(() => undefined, 10_000);
    const controller = new AbortController();
    const jobTimeout = new ProviderError('The provider took too long', 'transient');
    setTimeout(() => controller.abort(jobTimeout), 50);

    expect(await providerFailure(provider.generate(generationRequest({ signal: controller.signal })))).toBe(jobTimeout);
  });

  it('maps an unreachable server to a transient error', async () => {
    const { server, provider } = await providerAnswering(() => undefined);
    await server.close();

    const error = await providerFailure(provider.generate(generationRequest()));

    expect(error.kind).toBe('transient');
    expect(error.message).toContain('could not be reached');
  });
});
