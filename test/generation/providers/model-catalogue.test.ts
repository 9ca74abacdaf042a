import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModelCatalogue } from '../../../src/generation/models/model-catalogue.ts';
import { ModelConfigError, loadModelsFile, parseModelsFile, type ModelsFile } from '../../../src/generation/models/model-config.ts';

const exampleFile = path.resolve('config/models.example.json');

async function writeModelsFile(content: unknown): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'artsift-models-'));
  const file = path.join(folder, 'models.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function configError(action: () => unknown): ModelConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ModelConfigError) return error;
    throw error;
  }
  throw new Error('expected a ModelConfigError');
}

describe('model catalogue', () => {
  it('offers only the offline models when no file is configured', async () => {
    const catalogue = createModelCatalogue(await loadModelsFile(undefined), {});

    expect(catalogue.list()).toEqual([
      expect.objectContaining({ id: 'offline-sketch', label: 'Offline preview renderer', offline: true, costCredits: { square: 1, portrait: 1, landscape: 1 } }),
      expect.objectContaining({ id: 'offline-detailed', offline: true, costCredits: { square: 2, portrait: 2, landscape: 2 } }),
    ]);
    expect(catalogue.providerFor('offline-sketch').kind).toBe('offline');
    expect(catalogue.providerModelFor('offline-detailed')).toBe('detailed');
    expect(catalogue.sizeFor('offline-sketch', 'portrait')).toEqual({ width: 640, height: 960 });
    expect(catalogue.get('nope')).toBeUndefined();
    expect(() => catalogue.providerFor('nope')).toThrow(ModelConfigError);
  });

  it('builds every provider from the example file, with secrets from the environment', async () => {
    const file = await loadModelsFile(exampleFile);
    const catalogue = createModelCatalogue(file, { OPENAI_API_KEY: 'sk', FORGE_API_AUTH: 'u:p', REPLICATE_API_TOKEN: 'r8' });

    expect(catalogue.list().map((model) => [model.id, catalogue.providerFor(model.id).kind])).toEqual([
      ['gpt-image', 'openai'],
      ['dall-e-3', 'openai'],
      ['sdxl-forge', 'automatic1111'],
      ['sdxl-comfy', 'comfyui'],
      ['flux-schnell', 'replicate'],
      ['offline-sketch', 'offline'],
    ]);
    expect(catalogue.get('gpt-image')).toEqual({
      id: 'gpt-image',
      label: 'GPT Image',
      offline: false,
      referenceImage: true,
      costCredits: { square: 4, portrait: 6, landscape: 6 },
      sizes: { square: { width: 1024, height: 1024 }, portrait: { width: 1024, height: 1536 }, landscape: { width: 1536, height: 1024 } },
    });
    expect(catalogue.list().filter((model) => model.referenceImage).map((model) => model.id)).toEqual(['gpt-image', 'sdxl-forge', 'offline-sketch']);
    expect(catalogue.sizeFor('dall-e-3', 'landscape')).toEqual({ width: 1792, height: 1024 });
    expect(catalogue.sizeFor('sdxl-comfy', 'portrait')).toEqual({ width: 896, height: 1152 });
    expect(catalogue.sizeFor('sdxl-forge', 'landscape')).toEqual({ width: 1216, height: 832 });
    expect(JSON.stringify(catalogue.list())).not.toMatch(/apiKey|baseUrl|127\.0\.0\.1/);
  });

  it('names the variable when a model needs a secret that is not set', async () => {
    const file = await loadModelsFile(exampleFile);

    expect(configError(() => createModelCatalogue(file, { OPENAI_API_KEY: 'sk' })).message).toBe('model "sdxl-forge": environment variable FORGE_API_AUTH is not set');
  });

  it.each([
    [{ models: [{ id: 'x', label: 'X', provider: { kind: 'automatic1111', model: 'm' }, costCredits: 1 }] }, 'models.0.provider.baseUrl'],
    [{ models: [{ id: 'x', label: 'X', provider: { kind: 'midjourney', model: 'm' }, costCredits: 1 }] }, 'models.0.provider.kind'],
    [{ models: [{ id: 'x', label: 'X', provider: { kind: 'offline', model: 'sketch' }, costCredits: { square: 1, portrait: -1, landscape: 1 } }] }, 'models.0.costCredits'],
    [{ models: [{ id: 'x', label: 'X', provider: { kind: 'offline', model: 'sketch' }, costCredits: 1, sizes: { square: [10, 10] } }] }, 'models.0.sizes'],
    [{ models: [{ id: 'Bad Id', label: 'X', provider: { kind: 'offline', model: 'sketch' }, costCredits: 1 }] }, 'models.0.id'],
    [{ models: [{ id: 'x', label: 'X', provider: { kind: 'openai', model: 'm', apiKeyEnv: 'sk-live-secret' }, costCredits: 1 }] }, 'models.0.provider.apiKeyEnv'],
    [
      {
        models: [
          { id: 'x', label: 'X', provider: { kind: 'offline', model: 'sketch' }, costCredits: 1 },
          { id: 'x', label: 'Y', provider: { kind: 'offline', model: 'detailed' }, costCredits: 1 },
        ],
      },
      'models.1.id',
    ],
    [{ models: [] }, 'models'],
  ])('rejects bad input naming the field (%#)', (input, field) => {
    expect(configError(() => parseModelsFile(input, 'models.json')).message).toMatch(new RegExp(`^models\\.json: ${field.replaceAll('.', '\\.')}[.:]`));
  });

  it('reports a missing or malformed file and resolves workflow paths next to the file', async () => {
    await expect(loadModelsFile('/nonexistent/models.json')).rejects.toThrow(/models\.json: cannot be read/);
    await expect(loadModelsFile(await writeModelsFile('{"models": ['))).rejects.toThrow(ModelConfigError);

    const file = await writeModelsFile({
      models: [{ id: 'comfy', label: 'Comfy', provider: { kind: 'comfyui', baseUrl: 'http://127.0.0.1:8188', model: 'm', workflowFile: 'flows/sdxl.json' }, costCredits: 1 }],
    });
    const loaded = (await loadModelsFile(file)) as ModelsFile;
    expect(loaded.models[0]?.provider).toMatchObject({ workflowFile: path.join(path.dirname(file), 'flows/sdxl.json'), pollIntervalMs: 1000 });
  });
});
