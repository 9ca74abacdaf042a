import { describe, expect, it } from 'vitest';
import { parseComfyUiMetadata } from '../../../crawlers/metadata/comfyui-workflow.ts';
import { readGenerationMetadata } from '../../../crawlers/metadata/read-generation-metadata.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import { COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW } from './fixtures/generator-samples.ts';
import { exifSegment, jpegWithSegments } from './fixtures/jpeg-fixture.ts';
import { pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';

const json = (value: unknown) => JSON.stringify(value);
const EXPECTED_PROMPT = 'a glass bottle holding a purple galaxy\ngolden hour';

describe('ComfyUI in JPEG and WebP EXIF', () => {
  it('reads "Prompt: {…}" / "Workflow: {…}" prefixed tags (Save-Image-Extended), in any case', async () => {
    const exif = exifTiff({ imageDescription: `Workflow: ${json(COMFYUI_UI_WORKFLOW)}`, make: `Prompt: ${json(COMFYUI_API_PROMPT)}` });

    expect(readGenerationMetadata(await jpegWithSegments(exifSegment(exif)))).toMatchObject({ generator: 'comfyui', prompt: EXPECTED_PROMPT });
  });

  it('reads the {"prompt", "workflow"} envelope in an IFD0 UserComment (SaveImagePlus), keys in any case', async () => {
    for (const [promptKey, workflowKey] of [
      ['prompt', 'workflow'],
      ['Prompt', 'Workflow'],
    ] as const) {
      const envelope = json({ [promptKey]: COMFYUI_API_PROMPT, [workflowKey]: COMFYUI_UI_WORKFLOW });
      const webp = await webpWithMetadata({ exif: exifTiff({ ifd0UserComment: unicodeUserComment(envelope, 'little') }) });

      expect(readGenerationMetadata(webp)).toMatchObject({ generator: 'comfyui', prompt: EXPECTED_PROMPT, params: { steps: 24 } });
    }
  });

  it('reads an envelope whose graphs are JSON text rather than objects', async () => {
    const envelope = json({ prompt: json(COMFYUI_API_PROMPT), workflow: json(COMFYUI_UI_WORKFLOW) });
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(envelope) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'comfyui', prompt: EXPECTED_PROMPT });
  });
});

describe('placeholder A1111 text next to a real graph', () => {
  it('trusts the graph when the text is a saver’s unconnected defaults', async () => {
    const placeholder = 'unknown\nNegative prompt: unknown\nSteps: 20, Sampler: euler, CFG Scale: 8.0, Seed: 0, Size: 512x512, Model: unknown';
    const png = await pngWithChunks(textChunk('parameters', placeholder), textChunk('prompt', json(COMFYUI_API_PROMPT)));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'comfyui',
      prompt: EXPECTED_PROMPT,
      negativePrompt: 'text, watermark',
      params: { seed: 156680208700286, size: '1024x768' },
    });
  });

  it('reads placeholder text without a graph as settings with no prompt', async () => {
    const png = await pngWithChunks(textChunk('parameters', 'unknown\nNegative prompt: unknown\nSteps: 20, Sampler: euler, CFG scale: 8, Seed: 0, Size: 512x512'));
    const metadata = readGenerationMetadata(png);

    expect(metadata).toMatchObject({ generator: 'a1111', params: { steps: 20, seed: 0 } });
    expect(metadata?.prompt).toBeUndefined();
    expect(metadata?.negativePrompt).toBeUndefined();
  });

  it('keeps real A1111 text even when a graph is present', async () => {
    const real = 'a sunlit atrium\nSteps: 24, Sampler: dpmpp_2m, CFG scale: 7.5, Seed: 156680208700286, Size: 1024x768, Version: ComfyUI';
    const png = await pngWithChunks(textChunk('parameters', real), textChunk('prompt', json(COMFYUI_API_PROMPT)));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'comfyui', prompt: 'a sunlit atrium' });
  });
});

describe('ComfyUI graph walking', () => {
  it('picks the first-pass sampler by topology, not the lowest node id (the hires pass)', () => {
    const graph = {
      '3': {
        class_type: 'KSampler',
        inputs: { seed: 2, steps: 12, cfg: 5, sampler_name: 'euler', scheduler: 'normal', denoise: 0.45, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['11', 0] },
      },
      '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'base.safetensors' } },
      '5': { class_type: 'EmptyLatentImage', inputs: { width: 832, height: 1216, batch_size: 1 } },
      '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a fox', clip: ['4', 1] } },
      '7': { class_type: 'CLIPTextEncode', inputs: { text: 'blur', clip: ['4', 1] } },
      '10': {
        class_type: 'KSampler',
        inputs: { seed: 1, steps: 30, cfg: 7, sampler_name: 'dpmpp_2m', scheduler: 'karras', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] },
      },
      '11': { class_type: 'LatentUpscaleBy', inputs: { upscale_method: 'nearest-exact', scale_by: 1.5, samples: ['10', 0] } },
    };

    expect(parseComfyUiMetadata({ prompt: json(graph) })).toMatchObject({
      params: { seed: 1, steps: 30, cfgScale: 7, sampler: 'dpmpp_2m', denoise: 1, size: '832x1216' },
    });
  });

  it('follows prompts through Power Prompt, concatenation, switches, PreviewAny and capitalised Text inputs', () => {
    const graph = {
      '1': {
        class_type: 'KSampler (Efficient)',
        inputs: { seed: 9, steps: 20, cfg: 6, sampler_name: 'euler', scheduler: 'normal', positive: ['2', 0], negative: ['8', 0], model: ['20', 0], latent_image: ['30', 0] },
      },
      '2': { class_type: 'Power Prompt (rgthree)', inputs: { prompt: ['3', 0], opt_clip: ['20', 1] } },
      '3': { class_type: 'Text Concatenate', inputs: { text_a: ['4', 0], text_b: ['5', 0], delimiter: ', ', clean_whitespace: 'true' } },
      '4': { class_type: 'PrimitiveStringMultiline', inputs: { value: 'a castle on a crag' } },
      '5': { class_type: 'ImpactSwitch', inputs: { select: 2, input1: 'at noon', input2: ['6', 0], sel_mode: false } },
      '6': { class_type: 'PreviewAny', inputs: { source: ['7', 0] } },
      '7': { class_type: 'Text Multiline', inputs: { text: 'at dusk' } },
      '8': { class_type: 'CLIPTextEncode', inputs: { text: ['9', 0], clip: ['20', 1] } },
      '9': { class_type: 'Text box', inputs: { Text: 'people, text' } },
      '20': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sdxl.safetensors' } },
      '30': { class_type: 'SDXL Empty Latent Image (rgthree)', inputs: { dimensions: ' 832 x 1216  (portrait)', clip_scale: 2, batch_size: 1 } },
    };

    expect(parseComfyUiMetadata({ prompt: json(graph) })).toMatchObject({
      prompt: 'a castle on a crag, at dusk',
      negativePrompt: 'people, text',
      model: 'sdxl.safetensors',
      params: { seed: 9, size: '832x1216' },
    });
  });

  it('reads the populated text of wildcard processors and encoders, and easy-use prompt nodes', () => {
    const graph = {
      '1': { class_type: 'KSampler', inputs: { seed: 1, positive: ['2', 0], negative: ['5', 0] } },
      '2': { class_type: 'CLIPTextEncode', inputs: { text: ['3', 0] } },
      '3': { class_type: 'ImpactWildcardProcessor', inputs: { wildcard_text: 'a __animal__ in a hat', populated_text: 'a heron in a hat', mode: 'populate', seed: 4 } },
      '5': { class_type: 'ImpactWildcardEncode', inputs: { wildcard_text: '__bad__', populated_text: 'lowres, jpeg artifacts', mode: 'populate', model: ['9', 0] } },
    };
    const easyUse = { ...graph, '2': { class_type: 'CLIPTextEncode', inputs: { text: ['6', 0] } }, '6': { class_type: 'easy positive', inputs: { positive: 'a heron, easy' } } };
    const concatenated = {
      ...graph,
      '2': { class_type: 'CLIPTextEncode', inputs: { text: ['7', 0] } },
      '7': { class_type: 'StringConcatenate', inputs: { string_a: ['3', 0], string_b: 'sunny', delimiter: ', ' } },
    };

    expect(parseComfyUiMetadata({ prompt: json(graph) })).toMatchObject({ prompt: 'a heron in a hat', negativePrompt: 'lowres, jpeg artifacts' });
    expect(parseComfyUiMetadata({ prompt: json(easyUse) })?.prompt).toBe('a heron, easy');
    expect(parseComfyUiMetadata({ prompt: json(concatenated) })?.prompt).toBe('a heron in a hat, sunny');
  });

  it('reports the canvas size, not a region’s latent composited onto it', () => {
    const graph = {
      '1': { class_type: 'KSampler', inputs: { seed: 1, steps: 10, positive: ['2', 0], negative: ['2', 0], latent_image: ['3', 0] } },
      '2': { class_type: 'CLIPTextEncode', inputs: { text: 'x' } },
      '3': { class_type: 'LatentCompositeMasked', inputs: { destination: ['4', 0], source: ['5', 0], x: 0, y: 0 } },
      '4': { class_type: 'EmptyLatentImage', inputs: { width: 1536, height: 1024, batch_size: 1 } },
      '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
    };

    expect(parseComfyUiMetadata({ prompt: json(graph) })?.params.size).toBe('1536x1024');
  });

  it('reads a UI workflow through LoRA loaders and SDXL encoders', () => {
    const workflow = {
      nodes: [
        { id: 1, type: 'KSampler', inputs: [{ name: 'model', link: 1 }, { name: 'positive', link: 2 }, { name: 'negative', link: 3 }], widgets_values: [5, 'fixed', 20, 6, 'euler', 'normal', 1] },
        { id: 2, type: 'LoraLoader', inputs: [{ name: 'model', link: 4 }], widgets_values: ['ink.safetensors', 0.6, 0.6] },
        { id: 3, type: 'CheckpointLoaderSimple', inputs: [], widgets_values: ['sdxl.safetensors'] },
        { id: 4, type: 'CLIPTextEncodeSDXL', inputs: [], widgets_values: [1024, 1024, 0, 0, 1024, 1024, 'a heron in reeds', 'a heron in reeds'] },
        { id: 5, type: 'CLIPTextEncode', inputs: [], widgets_values: ['noise'] },
      ],
      links: [
        [1, 2, 0, 1, 0, 'MODEL'],
        [2, 4, 0, 1, 1, 'CONDITIONING'],
        [3, 5, 0, 1, 2, 'CONDITIONING'],
        [4, 3, 0, 2, 0, 'MODEL'],
      ],
    };

    expect(parseComfyUiMetadata({ workflow: json(workflow) })).toMatchObject({
      prompt: 'a heron in reeds',
      negativePrompt: 'noise',
      model: 'sdxl.safetensors',
      resources: [{ kind: 'lora', name: 'ink.safetensors', weight: 0.6 }],
      params: { seed: 5, steps: 20 },
    });
  });

  it('collects LoRAs on the model chain, including rgthree’s Power Lora Loader', () => {
    const graph = {
      '1': { class_type: 'KSampler', inputs: { seed: 1, positive: ['9', 0], negative: ['9', 0], model: ['2', 0] } },
      '2': { class_type: 'Power Lora Loader (rgthree)', inputs: { lora_1: { on: true, lora: 'a.safetensors', strength: 0.5 }, lora_2: { on: false, lora: 'off.safetensors', strength: 1 }, model: ['3', 0] } },
      '3': { class_type: 'LoraLoaderModelOnly', inputs: { lora_name: 'b.safetensors', strength_model: 0.9, model: ['4', 0] } },
      '4': { class_type: 'UNETLoader', inputs: { unet_name: 'flux.safetensors' } },
      '9': { class_type: 'CLIPTextEncode', inputs: { text: 'y' } },
    };

    expect(parseComfyUiMetadata({ prompt: json(graph) })).toMatchObject({
      model: 'flux.safetensors',
      resources: [
        { kind: 'lora', name: 'a.safetensors', weight: 0.5 },
        { kind: 'lora', name: 'b.safetensors', weight: 0.9 },
      ],
    });
  });
});
