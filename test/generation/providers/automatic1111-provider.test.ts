import { afterEach, describe, expect, it } from 'vitest';
import { createAutomatic1111Provider, type Automatic1111Options } from '../../../src/generation/providers/automatic1111-provider.ts';
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

async function providerAnswering(handler: FakeHandler, overrides: Partial<Automatic1111Options> = {}) {
  server = await startFakeProviderServer(handler);
  const provider = createAutomatic1111Provider({
    baseUrl: server.baseUrl,
    basicAuth: undefined,
    timeoutMs: 5_000,
    steps: 20,
    cfgScale: 6.5,
    samplerName: 'Euler a',
    denoisingStrength: 0.55,
    ...overrides,
  });
  return { server, provider };
}

describe('AUTOMATIC1111 provider', () => {
  it('posts txt2img with every field and reads the seed from info', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering(
      (_request, response) => sendJson(response, 200, { images: [png.toString('base64')], parameters: {}, info: JSON.stringify({ seed: 987, all_seeds: [987] }) }),
      { basicAuth: 'artsift:s3cret' },
    );

    const image = await provider.generate(generationRequest({ providerModel: 'sdxl_base_1.0.safetensors' }));

    expect(image).toEqual({ data: png, seed: 987 });
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/sdapi/v1/txt2img');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('artsift:s3cret').toString('base64')}`);
    expect(jsonBody(sent)).toMatchObject({
      prompt: TRICKY_PROMPT,
      negative_prompt: 'blurry, lowres',
      seed: 123456789,
      width: 832,
      height: 1216,
      steps: 20,
      cfg_scale: 6.5,
      sampler_name: 'Euler a',
      override_settings: { sd_model_checkpoint: 'sdxl_base_1.0.safetensors' },
    });
    expect(jsonBody(sent)).not.toHaveProperty('init_images');
  });

  it('sends no Authorization header when the API is open, and an empty negative prompt when none', async () => {
    const png = await tinyPng();
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { images: [png.toString('base64')], info: 'not json' }));

    const image = await provider.generate(generationRequest({ negativePrompt: null }));

    expect(image.seed).toBeNull();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(jsonBody(server.requests[0]!).negative_prompt).toBe('');
  });

  it('uses img2img with the reference image as init_images', async () => {
    const png = await tinyPng();
    const reference = await tinyPng('#00ff00');
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 200, { images: [png.toString('base64')], info: '{"seed": 5}' }));

    await provider.generate(generationRequest({ referenceImage: reference }));

    const sent = server.requests[0]!;
    expect(sent.url).toBe('/sdapi/v1/img2img');
    expect(jsonBody(sent)).toMatchObject({ prompt: TRICKY_PROMPT, init_images: [reference.toString('base64')], denoising_strength: 0.55 });
  });

  it('maps 500 to transient and 422 or a response without images to permanent', async () => {
    const { provider } = await providerAnswering((request, response) => {
      const prompt = jsonBody(request).prompt;
      if (prompt === 'crash') sendJson(response, 500, { error: 'OutOfMemoryError', detail: 'CUDA out of memory' });
      else if (prompt === 'invalid') sendJson(response, 422, { detail: [{ loc: ['body', 'steps'], msg: 'value is not a valid integer' }] });
      else sendJson(response, 200, { images: [], info: '{}' });
    });

    expect((await providerFailure(provider.generate(generationRequest({ prompt: 'crash' })))).kind).toBe('transient');
    expect((await providerFailure(provider.generate(generationRequest({ prompt: 'invalid' })))).kind).toBe('permanent');
    expect((await providerFailure(provider.generate(generationRequest({ prompt: 'empty' })))).kind).toBe('permanent');
  });

  it('times out with a transient error when the WebUI never answers', async () => {
    const { provider } = await providerAnswering(() => undefined, { timeoutMs: 250 });

    const error = await providerFailure(provider.generate(generationRequest()));

    expect(error.kind).toBe('transient');
    // Ended by its own deadline, not by another failure (or the test's timeout).
    expect(error.message).toMatch(/within 250 ms/);
  });
});
