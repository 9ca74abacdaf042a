import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createComfyUiProvider } from '../../../src/generation/providers/comfyui-provider.ts';
import { DEFAULT_WORKFLOW_FILE, fillWorkflow, loadWorkflowTemplate } from '../../../src/generation/providers/comfyui-workflow.ts';
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

async function providerAnswering(handler: FakeHandler, options: { timeoutMs?: number; workflowFile?: string } = {}) {
  server = await startFakeProviderServer(handler);
  const provider = createComfyUiProvider({
    baseUrl: server.baseUrl,
    workflowFile: options.workflowFile ?? DEFAULT_WORKFLOW_FILE,
    timeoutMs: options.timeoutMs ?? 5_000,
    pollIntervalMs: 20,
  });
  return { server, provider };
}

const finishedHistory = (promptId: string) => ({
  [promptId]: {
    prompt: [],
    outputs: { '9': { images: [{ filename: 'artsift_00001_.png', subfolder: 'run 1', type: 'output' }] } },
    status: { status_str: 'success', completed: true, messages: [] },
  },
});

describe('ComfyUI workflow template', () => {
  it('fills placeholders as JSON values, leaving look-alikes inside other text alone', async () => {
    const template = await loadWorkflowTemplate(DEFAULT_WORKFLOW_FILE);
    const filled = fillWorkflow(template, { prompt: '$negative', negative: 'n', seed: 7, width: 640, height: 960, checkpoint: 'model.safetensors' });

    expect(filled['6']?.inputs.text).toBe('$negative');
    expect(filled['7']?.inputs.text).toBe('n');
    expect(filled['3']?.inputs.seed).toBe(7);
    expect(filled['5']?.inputs).toMatchObject({ width: 640, height: 960, batch_size: 1 });
    expect(filled['4']?.inputs.ckpt_name).toBe('model.safetensors');
    expect(filled['3']?.inputs.model).toEqual(['4', 0]);
  });

  it('refuses a template that never uses $prompt', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'artsift-comfy-'));
    const file = path.join(folder, 'no-prompt.json');
    await writeFile(file, JSON.stringify({ '1': { class_type: 'CLIPTextEncode', inputs: { text: 'fixed' } } }));

    await expect(loadWorkflowTemplate(file)).rejects.toThrow(/\$prompt/);
  });
});

describe('ComfyUI provider', () => {
  it('queues the filled workflow, polls history until outputs appear and fetches the image', async () => {
    const png = await tinyPng();
    let historyPolls = 0;
    const { server, provider } = await providerAnswering((request, response) => {
      if (request.url === '/prompt') return sendJson(response, 200, { prompt_id: 'p-1', number: 3, node_errors: {} });
      if (request.url === '/history/p-1') return sendJson(response, 200, ++historyPolls <= 2 ? {} : finishedHistory('p-1'));
      if (request.url.startsWith('/view?')) return void response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      sendJson(response, 404, {});
    });

    const image = await provider.generate(generationRequest({ providerModel: 'sdxl.safetensors', width: 640, height: 960, seed: 42 }));

    expect(image).toEqual({ data: png, seed: 42 });
    expect(server.requests.map((request) => `${request.method} ${request.url.split('?')[0]}`)).toEqual([
      'POST /prompt',
      'GET /history/p-1',
      'GET /history/p-1',
      'GET /history/p-1',
      'GET /view',
    ]);
    const queued = jsonBody(server.requests[0]!) as { prompt: Record<string, { inputs: Record<string, unknown> }>; client_id: unknown };
    expect(typeof queued.client_id).toBe('string');
    expect(queued.prompt['6']?.inputs.text).toBe(TRICKY_PROMPT);
    expect(queued.prompt['7']?.inputs.text).toBe('blurry, lowres');
    expect(queued.prompt['3']?.inputs.seed).toBe(42);
    expect(queued.prompt['5']?.inputs).toMatchObject({ width: 640, height: 960 });
    expect(queued.prompt['4']?.inputs.ckpt_name).toBe('sdxl.safetensors');
    const view = new URL(server.requests[4]!.url, server.baseUrl).searchParams;
    expect(Object.fromEntries(view)).toEqual({ filename: 'artsift_00001_.png', subfolder: 'run 1', type: 'output' });
  });

  it('refuses a reference image without calling the server', async () => {
    const { server, provider } = await providerAnswering((_request, response) => sendJson(response, 500, {}));

    const error = await providerFailure(provider.generate(generationRequest({ referenceImage: await tinyPng() })));

    expect(error.kind).toBe('permanent');
    expect(server.requests).toHaveLength(0);
  });

  it('maps a rejected workflow (400 with node_errors) to a permanent error', async () => {
    const { provider } = await providerAnswering((_request, response) =>
      sendJson(response, 400, {
        error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
        node_errors: { '4': { errors: [{ message: 'Value not in list' }], class_type: 'CheckpointLoaderSimple' } },
      }),
    );

    const error = await providerFailure(provider.generate(generationRequest()));

    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('Prompt outputs failed validation');
    expect(error.message).toContain('nodes 4');
  });

  it('maps a failed execution to a permanent error and 503 to a transient one', async () => {
    const { provider } = await providerAnswering((request, response) => {
      if (request.url === '/prompt') {
        const text = (jsonBody(request) as { prompt: Record<string, { inputs: { text?: string } }> }).prompt['6']?.inputs.text;
        return text === 'busy' ? sendJson(response, 503, {}) : sendJson(response, 200, { prompt_id: 'p-2' });
      }
      sendJson(response, 200, { 'p-2': { outputs: {}, status: { status_str: 'error', completed: false } } });
    });

    expect((await providerFailure(provider.generate(generationRequest()))).kind).toBe('permanent');
    expect((await providerFailure(provider.generate(generationRequest({ prompt: 'busy' })))).kind).toBe('transient');
  });

  it('stops polling on abort and removes the prompt from the queue', async () => {
    const { server, provider } = await providerAnswering((request, response) => {
      if (request.url === '/prompt') return sendJson(response, 200, { prompt_id: 'p-3' });
      sendJson(response, 200, {});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);

    const error = await providerFailure(provider.generate(generationRequest({ signal: controller.signal })));

    expect(error.message).toMatch(/aborted/);
    const removal = server.requests.find((request) => request.url === '/queue');
    expect(removal?.method).toBe('POST');
    expect(jsonBody(removal!)).toEqual({ delete: ['p-3'] });
  });

  it('gives up polling with a transient error at the timeout', async () => {
    const { provider } = await providerAnswering(
      (request, response) => (request.url === '/prompt' ? sendJson(response, 200, { prompt_id: 'p-4' }) : sendJson(response, 200, {})),
      { timeoutMs: 200 },
    );

    const error = await providerFailure(provider.generate(generationRequest()));

    expect(error.kind).toBe('transient');
    // Ended by its own deadline, not by another failure (or the test's timeout).
    expect(error.message).toMatch(/within 200 ms/);
  });
});
