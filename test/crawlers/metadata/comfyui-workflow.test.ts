import { describe, expect, it } from 'vitest';
import { parseComfyUiMetadata } from '../../../crawlers/metadata/comfyui-workflow.ts';
import { COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW } from './fixtures/generator-samples.ts';

const json = (value: unknown) => JSON.stringify(value);

describe('parseComfyUiMetadata', () => {
  it('follows the sampler’s links through conditioning nodes to the prompts, model and size', () => {
    expect(parseComfyUiMetadata({ prompt: json(COMFYUI_API_PROMPT), workflow: json(COMFYUI_UI_WORKFLOW) })).toEqual({
      generator: 'comfyui',
      prompt: 'a glass bottle holding a purple galaxy\ngolden hour',
      negativePrompt: 'text, watermark',
      model: 'juggernautXL_v9.safetensors',
      resources: [{ kind: 'lora', name: 'glass.safetensors', weight: 0.8 }],
      params: {
        generator: 'ComfyUI',
        seed: 156680208700286,
        steps: 24,
        cfgScale: 7.5,
        sampler: 'dpmpp_2m',
        scheduler: 'karras',
        denoise: 1,
        size: '1024x768',
        loras: 'glass.safetensors:0.8',
      },
    });
  });

  it('reads KSamplerAdvanced and SDXL text encoders', () => {
    const prompt = {
      '1': {
        class_type: 'KSamplerAdvanced',
        inputs: { noise_seed: 5, steps: 30, cfg: 4, sampler_name: 'euler', scheduler: 'normal', positive: ['2', 0], negative: ['3', 0] },
      },
      '2': { class_type: 'CLIPTextEncodeSDXL', inputs: { text_g: 'a tower', text_l: 'a tower', width: 1024 } },
      '3': { class_type: 'CLIPTextEncodeSDXL', inputs: { text_g: 'fog', text_l: 'noise' } },
    };

    expect(parseComfyUiMetadata({ prompt: json(prompt) })).toMatchObject({
      prompt: 'a tower',
      negativePrompt: 'fog\nnoise',
      params: { seed: 5, steps: 30, cfgScale: 4 },
    });
  });

  it('reads a SamplerCustomAdvanced graph (Flux): settings spread over noise, scheduler, sampler and guider nodes', () => {
    const prompt = {
      '13': {
        class_type: 'SamplerCustomAdvanced',
        inputs: { noise: ['25', 0], guider: ['22', 0], sampler: ['16', 0], sigmas: ['17', 0], latent_image: ['27', 0] },
      },
      '25': { class_type: 'RandomNoise', inputs: { noise_seed: 219670278747233 } },
      '22': { class_type: 'BasicGuider', inputs: { model: ['12', 0], conditioning: ['26', 0] } },
      '26': { class_type: 'FluxGuidance', inputs: { guidance: 3.5, conditioning: ['6', 0] } },
      '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a cozy cabin in the snow', clip: ['11', 0] } },
      '16': { class_type: 'KSamplerSelect', inputs: { sampler_name: 'euler' } },
      '17': { class_type: 'BasicScheduler', inputs: { scheduler: 'simple', steps: 20, denoise: 1, model: ['12', 0] } },
      '12': { class_type: 'UNETLoader', inputs: { unet_name: 'flux1-dev.safetensors', weight_dtype: 'default' } },
      '27': { class_type: 'EmptySD3LatentImage', inputs: { width: 1024, height: 1024, batch_size: 1 } },
    };

    expect(parseComfyUiMetadata({ prompt: json(prompt) })).toEqual({
      generator: 'comfyui',
      prompt: 'a cozy cabin in the snow',
      model: 'flux1-dev.safetensors',
      resources: [],
      params: { generator: 'ComfyUI', seed: 219670278747233, steps: 20, sampler: 'euler', scheduler: 'simple', denoise: 1, size: '1024x1024' },
    });
  });

  it('falls back to the UI workflow when the prompt is absent', () => {
    expect(parseComfyUiMetadata({ workflow: json(COMFYUI_UI_WORKFLOW) })).toEqual({
      generator: 'comfyui',
      prompt: 'a red fox in tall grass',
      negativePrompt: 'blurry, deformed',
      model: 'v1-5-pruned-emaonly.safetensors',
      resources: [],
      params: { generator: 'ComfyUI', seed: 8566257, steps: 30, cfgScale: 5.5, sampler: 'euler_ancestral', scheduler: 'normal', denoise: 1, size: '512x640' },
    });
  });

  it('reads a UI workflow whose links are objects (newer frontends)', () => {
    const workflow = {
      ...COMFYUI_UI_WORKFLOW,
      links: COMFYUI_UI_WORKFLOW.links.map(([id, originId, originSlot, targetId, targetSlot, type]) => ({
        id,
        origin_id: originId,
        origin_slot: originSlot,
        target_id: targetId,
        target_slot: targetSlot,
        type,
      })),
    };

    expect(parseComfyUiMetadata({ workflow: json(workflow) })).toMatchObject({ prompt: 'a red fox in tall grass' });
  });

  it('falls back to the workflow when the prompt chunk is invalid JSON', () => {
    const metadata = parseComfyUiMetadata({ prompt: '{"3": {"class_type": "KSampler", "inputs": ', workflow: json(COMFYUI_UI_WORKFLOW) });

    expect(metadata?.prompt).toBe('a red fox in tall grass');
  });

  it('returns undefined for invalid JSON, wrong shapes, oversized JSON or a graph without a sampler', () => {
    const oversized = json({ '1': { class_type: 'CLIPTextEncode', inputs: { text: 'x'.repeat(3 * 1024 * 1024) } } });

    expect(parseComfyUiMetadata({ prompt: 'not json', workflow: '{' })).toBeUndefined();
    expect(parseComfyUiMetadata({ prompt: '[1, 2, 3]', workflow: '{"nodes": "no"}' })).toBeUndefined();
    expect(parseComfyUiMetadata({ prompt: '{"1": {"inputs": {}}}' })).toBeUndefined();
    expect(parseComfyUiMetadata({ prompt: oversized })).toBeUndefined();
    expect(parseComfyUiMetadata({ prompt: json({ '1': { class_type: 'SaveImage', inputs: {} } }) })).toBeUndefined();
    expect(parseComfyUiMetadata({})).toBeUndefined();
  });

  it('terminates on link cycles and self-links', () => {
    const prompt = {
      '1': { class_type: 'KSampler', inputs: { seed: 1, positive: ['2', 0], negative: ['1', 0], model: ['3', 0], latent_image: ['1', 0] } },
      '2': { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['3', 0], conditioning_2: ['2', 0] } },
      '3': { class_type: 'Reroute', inputs: { '': ['2', 0], model: ['3', 0] } },
    };

    expect(parseComfyUiMetadata({ prompt: json(prompt) })).toEqual({ generator: 'comfyui', resources: [], params: { generator: 'ComfyUI', seed: 1 } });
  });

  it('walks at most a bounded number of hops through a long chain', () => {
    const chain: Record<string, unknown> = {
      '0': { class_type: 'KSampler', inputs: { steps: 3, positive: ['1', 0], negative: ['1', 0] } },
    };
    for (let id = 1; id < 200; id += 1) chain[String(id)] = { class_type: 'Reroute', inputs: { '': [String(id + 1), 0] } };
    chain['200'] = { class_type: 'CLIPTextEncode', inputs: { text: 'far away' } };

    expect(parseComfyUiMetadata({ prompt: json(chain) })).toEqual({ generator: 'comfyui', resources: [], params: { generator: 'ComfyUI', steps: 3 } });
  });
});
