import { describe, expect, it } from 'vitest';
import { readGenerationMetadata } from '../../../crawlers/metadata/read-generation-metadata.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import { COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW, NOVELAI_COMMENT, NOVELAI_PROMPT } from './fixtures/generator-samples.ts';
import { commentSegment, exifSegment, jpegWithSegments, xmpSegment } from './fixtures/jpeg-fixture.ts';
import { internationalTextChunk, pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';
import { xmpPacket } from './fixtures/xmp-fixture.ts';

/** Per generator: files laid out as each one writes them, and what must be read from them. */

const json = (value: unknown) => JSON.stringify(value);

const SWARMUI = {
  sui_image_params: {
    prompt: 'a lighthouse keeper’s cat, oil painting',
    negativeprompt: 'blurry',
    model: 'Flux/flux1-dev-fp8',
    seed: 2042464333,
    steps: 25,
    cfgscale: 1.0,
    aspectratio: 'Custom',
    width: 512,
    height: 768,
    sampler: 'euler',
    scheduler: 'normal',
    loras: ['detail-tweaker', 'film-grain'],
    loraweights: ['0.6', 1],
    swarm_version: '0.9.1.1',
  },
  sui_models: [{ name: 'flux1-dev-fp8.safetensors', param: 'model', hash: '0x1a2b3c' }],
};

describe('SwarmUI', () => {
  it('reads sui_image_params from PNG parameters, never the JSON as a prompt', async () => {
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', json(SWARMUI))));

    expect(metadata).toMatchObject({
      generator: 'swarmui',
      prompt: 'a lighthouse keeper’s cat, oil painting',
      negativePrompt: 'blurry',
      model: 'Flux/flux1-dev-fp8',
      resources: [
        { kind: 'lora', name: 'detail-tweaker', weight: 0.6 },
        { kind: 'lora', name: 'film-grain', weight: 1 },
      ],
      params: { generator: 'SwarmUI', seed: 2042464333, steps: 25, cfgScale: 1, sampler: 'euler', scheduler: 'normal', size: '512x768', modelHash: '0x1a2b3c', swarm_version: '0.9.1.1' },
    });
  });

  it('reads the same JSON from a JPEG UserComment (UTF-16)', async () => {
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: unicodeUserComment(json(SWARMUI), 'big') })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'swarmui', prompt: 'a lighthouse keeper’s cat, oil painting' });
  });
});

describe('Fooocus and RuinedFooocus', () => {
  const fooocus = {
    prompt: 'a red panda astronaut',
    negative_prompt: 'low quality',
    full_prompt: ['a red panda astronaut, cinematic'],
    styles: "['Fooocus V2', 'Fooocus Enhance']",
    performance: 'Speed',
    steps: 30,
    resolution: '(896, 1152)',
    guidance_scale: 4,
    sharpness: 2,
    base_model: 'juggernautXL_v8Rundiffusion.safetensors',
    sampler: 'dpmpp_2m_sde_gpu',
    scheduler: 'karras',
    seed: '1234567890123',
    lora_combined_1: 'sd_xl_offset_example-lora_1.0.safetensors : 0.1',
    version: 'Fooocus v2.5.5',
  };

  it('reads the fooocus scheme (JSON parameters and a fooocus_scheme chunk)', async () => {
    const png = await pngWithChunks(textChunk('parameters', json(fooocus)), textChunk('fooocus_scheme', 'fooocus'));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'fooocus',
      prompt: 'a red panda astronaut',
      negativePrompt: 'low quality',
      model: 'juggernautXL_v8Rundiffusion.safetensors',
      resources: [{ kind: 'lora', name: 'sd_xl_offset_example-lora_1.0.safetensors', weight: 0.1 }],
      params: { seed: 1234567890123, steps: 30, cfgScale: 4, sampler: 'dpmpp_2m_sde_gpu', scheduler: 'karras', size: '896x1152', performance: 'Speed' },
    });
  });

  it('reads Fooocus JSON from a JPEG UserComment', async () => {
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(json(fooocus)) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'fooocus', prompt: 'a red panda astronaut' });
  });

  it('reads RuinedFooocus JSON with its capitalised keys and [hash, "name:weight"] LoRAs', async () => {
    const ruined = {
      Prompt: 'a koi pond in autumn',
      Negative: 'text',
      steps: 24,
      cfg: 6.5,
      width: 1152,
      height: 896,
      seed: 99,
      sampler_name: 'dpmpp_2m',
      scheduler: 'karras',
      base_model_name: 'sdxl_base.safetensors',
      base_model_hash: 'e6bb9ea85b',
      loras: [['b1c2d3', 'watercolor.safetensors:0.7']],
      software: 'RuinedFooocus',
    };
    const png = await pngWithChunks(textChunk('parameters', json(ruined)));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'ruined-fooocus',
      prompt: 'a koi pond in autumn',
      negativePrompt: 'text',
      model: 'sdxl_base.safetensors',
      resources: [{ kind: 'lora', name: 'watercolor.safetensors', weight: 0.7 }],
      params: { seed: 99, steps: 24, cfgScale: 6.5, size: '1152x896', modelHash: 'e6bb9ea85b' },
    });
  });
});

describe('Hugging Face Space', () => {
  it('reads the diffusers JSON in parameters, with the model given as an object', async () => {
    const space = {
      prompt: '1girl, looking at viewer, masterpiece',
      negative_prompt: 'nsfw, lowres',
      resolution: '832 x 1216',
      guidance_scale: 7,
      num_inference_steps: 28,
      seed: 1234,
      sampler: 'Euler a',
      sdxl_style: '(None)',
      add_quality_tags: true,
      Model: { Model: 'Animagine XL 3.1', 'Model hash': 'e3c47aedb0' },
    };
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', json(space))));

    expect(metadata).toMatchObject({
      generator: 'hf-space',
      prompt: '1girl, looking at viewer, masterpiece',
      negativePrompt: 'nsfw, lowres',
      model: 'Animagine XL 3.1',
      params: { seed: 1234, steps: 28, cfgScale: 7, sampler: 'Euler a', size: '832x1216', modelHash: 'e3c47aedb0', add_quality_tags: 'true' },
    });
  });
});

describe('NovelAI', () => {
  it('reads the JSON envelope NovelAI writes into a WebP’s EXIF UserComment', async () => {
    const envelope = {
      Title: 'NovelAI generated image',
      Description: NOVELAI_PROMPT,
      Software: 'NovelAI',
      Source: 'NovelAI Diffusion V4.5 4BFE7A7A',
      'Generation time': '3.2',
      Comment: json(NOVELAI_COMMENT),
    };
    const webp = await webpWithMetadata({ exif: exifTiff({ userComment: unicodeUserComment(json(envelope), 'little') }) });

    expect(readGenerationMetadata(webp)).toMatchObject({
      generator: 'novelai',
      prompt: NOVELAI_PROMPT,
      negativePrompt: 'lowres, bad anatomy, bad hands',
      model: 'NovelAI Diffusion V4.5 4BFE7A7A',
      params: { steps: 28, cfgScale: 5, seed: 3123456789, size: '832x1216' },
    });
  });

  it('reads V4 captions when there is no Description', async () => {
    const comment = {
      ...NOVELAI_COMMENT,
      prompt: undefined,
      v4_prompt: { caption: { base_caption: 'two knights, snowy pass', char_captions: [{ char_caption: 'knight', centers: [{ x: 0.3, y: 0.5 }] }] } },
      v4_negative_prompt: { caption: { base_caption: 'extra limbs', char_captions: [] } },
    };
    const png = await pngWithChunks(textChunk('Software', 'NovelAI'), textChunk('Comment', json(comment)));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'novelai', prompt: 'two knights, snowy pass', negativePrompt: 'extra limbs' });
  });
});

describe('Civitai', () => {
  it('reads a bare ComfyUI graph in a JPEG UserComment, with Civitai’s extraMetadata summary', async () => {
    const extraMetadata = { prompt: 'a copper robot reading', negativePrompt: 'bad hands', steps: 25, cfgScale: 3.5, sampler: 'Euler', seed: 777, width: 832, height: 1216 };
    const graph = { ...COMFYUI_API_PROMPT, extra: { airs: ['urn:air:sdxl:checkpoint:civitai:1@2'] }, extraMetadata: json(extraMetadata) };
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: unicodeUserComment(json(graph), 'big') })));

    const metadata = readGenerationMetadata(jpeg);

    expect(metadata).toMatchObject({
      generator: 'civitai',
      prompt: 'a copper robot reading',
      negativePrompt: 'bad hands',
      model: 'juggernautXL_v9.safetensors',
      params: { seed: 777, steps: 25, cfgScale: 3.5, sampler: 'Euler', size: '832x1216' },
    });
  });

  it('reads a bare graph without a summary as ComfyUI', async () => {
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(json(COMFYUI_API_PROMPT)) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'comfyui', prompt: 'a glass bottle holding a purple galaxy\ngolden hour' });
  });
});

describe('InvokeAI', () => {
  it('reads invokeai_metadata (3.x and later)', async () => {
    const metadata = {
      generation_mode: 'sdxl_txt2img',
      positive_prompt: 'a brass owl, studio lighting',
      negative_prompt: 'cartoon',
      width: 1024,
      height: 1024,
      seed: 3021871342,
      steps: 30,
      cfg_scale: 7.5,
      scheduler: 'euler_a',
      model: { key: 'abc', hash: 'blake3:1f2e', name: 'Juggernaut XL v9', base: 'sdxl', type: 'main' },
      loras: [{ model: { key: 'l1', name: 'brass-details', base: 'sdxl' }, weight: 0.75 }],
      app_version: '4.2.9',
    };
    const png = await pngWithChunks(textChunk('invokeai_metadata', json(metadata)), textChunk('invokeai_graph', '{"id": "graph"}'));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'invokeai',
      prompt: 'a brass owl, studio lighting',
      negativePrompt: 'cartoon',
      model: 'Juggernaut XL v9',
      resources: [{ kind: 'lora', name: 'brass-details', weight: 0.75 }],
      params: { seed: 3021871342, steps: 30, cfgScale: 7.5, scheduler: 'euler_a', size: '1024x1024', modelHash: 'blake3:1f2e', app_version: '4.2.9' },
    });
  });

  it('reads sd-metadata (2.x), taking the [bracketed] part as the negative prompt', async () => {
    const legacy = {
      model: 'stable diffusion',
      model_weights: 'stable-diffusion-1.5',
      model_hash: 'cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516',
      app_id: 'invoke-ai/InvokeAI',
      app_version: '2.3.0',
      image: { prompt: [{ prompt: 'a foggy harbour at dawn [boats, people]', weight: 1 }], steps: 50, cfg_scale: 7.5, seed: 42, sampler: 'k_lms', width: 512, height: 512, type: 'txt2img' },
    };
    const png = await pngWithChunks(textChunk('sd-metadata', json(legacy)), textChunk('Dream', '"ignored" -s 1'));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'invokeai',
      prompt: 'a foggy harbour at dawn',
      negativePrompt: 'boats, people',
      model: 'stable-diffusion-1.5',
      params: { seed: 42, steps: 50, cfgScale: 7.5, sampler: 'k_lms', size: '512x512' },
    });
  });

  it('reads the Dream command line (1.x)', async () => {
    const png = await pngWithChunks(textChunk('Dream', '"a \\"quoted\\" garden gnome [blurry]" -s 50 -S 3357757885 -W 512 -H 768 -C 7.5 -A k_lms'));

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'invokeai',
      prompt: 'a "quoted" garden gnome',
      negativePrompt: 'blurry',
      params: { seed: 3357757885, steps: 50, cfgScale: 7.5, sampler: 'k_lms', size: '512x768' },
    });
  });
});

describe('Easy Diffusion', () => {
  it('reads one PNG text chunk per setting', async () => {
    const png = await pngWithChunks(
      textChunk('prompt', 'a tiny house on a turtle'),
      textChunk('negative_prompt', 'ugly'),
      textChunk('seed', '1234'),
      textChunk('use_stable_diffusion_model', 'C:\\models\\stable-diffusion\\dreamshaper_8.safetensors'),
      textChunk('sampler_name', 'euler_a'),
      textChunk('width', '512'),
      textChunk('height', '640'),
      textChunk('num_inference_steps', '25'),
      textChunk('guidance_scale', '7.5'),
      textChunk('use_lora_model', 'loras/cute.safetensors'),
      textChunk('lora_alpha', '0.5'),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'easy-diffusion',
      prompt: 'a tiny house on a turtle',
      negativePrompt: 'ugly',
      model: 'dreamshaper_8.safetensors',
      resources: [{ kind: 'lora', name: 'cute.safetensors', weight: 0.5 }],
      params: { seed: 1234, steps: 25, cfgScale: 7.5, sampler: 'euler_a', size: '512x640' },
    });
  });

  it('reads the labelled JSON form from a JPEG UserComment', async () => {
    const labelled = { Prompt: 'a tiny house', 'Negative Prompt': 'ugly', Seed: 5, 'Stable Diffusion model': 'sd-v1-5.ckpt', Steps: 20, 'Guidance Scale': 7, Width: 512, Height: 512, Sampler: 'plms' };
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(json(labelled)) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'easy-diffusion', prompt: 'a tiny house', model: 'sd-v1-5.ckpt', params: { steps: 20, seed: 5 } });
  });
});

describe('Draw Things', () => {
  it('reads the JSON in XMP exif:UserComment', async () => {
    const settings = {
      c: 'a paper lantern festival',
      uc: 'text, watermark',
      seed: 3141592653,
      steps: 20,
      scale: 4.5,
      sampler: 'DPM++ 2M Karras',
      model: 'sd_xl_base_1.0_f16.ckpt',
      size: '1024x1024',
      strength: 1,
      lora: [{ file: 'lantern_glow_lora_f16.ckpt', weight: 0.8 }],
    };
    const jpeg = await jpegWithSegments(xmpSegment(xmpPacket({ userComment: json(settings), description: 'a paper lantern festival', creatorTool: 'Draw Things' })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({
      generator: 'draw-things',
      prompt: 'a paper lantern festival',
      negativePrompt: 'text, watermark',
      model: 'sd_xl_base_1.0_f16.ckpt',
      resources: [{ kind: 'lora', name: 'lantern_glow_lora_f16.ckpt', weight: 0.8 }],
      params: { seed: 3141592653, steps: 20, cfgScale: 4.5, sampler: 'DPM++ 2M Karras', size: '1024x1024', strength: 1 },
    });
  });
});

describe('Stability Matrix', () => {
  it('reads parameters-json next to its A1111 text and ComfyUI graph', async () => {
    const summary = { PositivePrompt: 'a misty bamboo forest', NegativePrompt: 'people', Width: 1216, Height: 832, Seed: 11, Steps: 30, CfgScale: 5, Sampler: 'dpmpp_2m', ModelName: 'ponyDiffusionV6XL', ModelHash: 'abc123' };
    const png = await pngWithChunks(
      textChunk('parameters-json', json(summary)),
      textChunk('parameters', 'a misty bamboo forest\nSteps: 30, Sampler: dpmpp_2m, CFG scale: 5, Seed: 11, Size: 1216x832'),
      textChunk('smproj', '{"Version": 2}'),
      textChunk('prompt', json(COMFYUI_API_PROMPT)),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'stability-matrix',
      prompt: 'a misty bamboo forest',
      negativePrompt: 'people',
      model: 'ponyDiffusionV6XL',
      params: { seed: 11, steps: 30, cfgScale: 5, sampler: 'dpmpp_2m', size: '1216x832', modelHash: 'abc123', scheduler: 'karras' },
    });
  });
});

describe('Tensor.Art', () => {
  it('names the model from generation_data instead of its EMS id', async () => {
    const generationData = {
      prompt: 'a jade dragon coiled around a pillar',
      negativePrompt: 'lowres',
      width: 768,
      height: 1152,
      seed: '2147483647',
      steps: 25,
      cfgScale: 7,
      clipSkip: 2,
      baseModel: { modelId: '619225630271212879', modelFileName: 'dreamshaperXL_v21.safetensors', hash: '4496b36d48' },
      models: [{ modelId: '1', modelFileName: 'jade_style.safetensors', type: 'LORA', weight: 0.65 }],
    };
    const graph = { ...COMFYUI_API_PROMPT, '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'EMS-179-EMS.safetensors' } } };
    const png = await pngWithChunks(
      textChunk('parameters', 'a jade dragon coiled around a pillar\nSteps: 25, Sampler: Euler a, CFG scale: 7, Seed: 2147483647, Size: 768x1152, Model: EMS-179-EMS'),
      textChunk('generation_data', `${json(generationData)}\0\0\0`),
      textChunk('prompt', json(graph)),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'tensor-art',
      prompt: 'a jade dragon coiled around a pillar',
      model: 'dreamshaperXL_v21.safetensors',
      resources: expect.arrayContaining([{ kind: 'lora', name: 'jade_style.safetensors', weight: 0.65 }]),
      params: { seed: 2147483647, steps: 25, cfgScale: 7, size: '768x1152', modelHash: '4496b36d48' },
    });
  });

  it('recognises a ComfyUI graph loading an EMS model as Tensor.Art', async () => {
    const graph = { ...COMFYUI_API_PROMPT, '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'EMS-179-EMS.safetensors' } } };
    const png = await pngWithChunks(textChunk('prompt', json(graph)));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'tensor-art', model: 'EMS-179-EMS.safetensors' });
  });

  it('recognises A1111 text naming an EMS model as Tensor.Art', async () => {
    const png = await pngWithChunks(textChunk('parameters', 'a jade dragon\nSteps: 25, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: EMS-179-EMS'));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'tensor-art', model: 'EMS-179-EMS' });
  });
});

describe('A1111 family', () => {
  it('keeps prompt lines byte for byte, trailing spaces included, and reads labels in any case', async () => {
    const text = 'first line  \n  indented line \nNegative prompt: neg one  \nneg two\nSteps: 20, Sampler: Euler, CFG Scale: 6, Seed: 5, Size: 512x512, Version: f2.0.1v1.10.1';
    const metadata = readGenerationMetadata(await pngWithChunks(internationalTextChunk('parameters', text, { compressed: true })));

    expect(metadata).toMatchObject({
      generator: 'forge',
      prompt: 'first line  \n  indented line',
      negativePrompt: 'neg one  \nneg two',
      params: { cfgScale: 6, steps: 20, generator: 'Forge' },
    });
  });

  it('reads LoRAs from the prompt with their hashes, and Civitai’s resource list', async () => {
    const text = [
      'a castle <lora:moody_light:0.7> <lora:ink:1>',
      'Steps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Lora hashes: "moody_light: 0a1b2c, ink: 3d4e5f", ' +
        'Civitai resources: [{"type":"checkpoint","modelName":"Base"},{"type":"embed","modelName":"EasyNegative","weight":1}]',
    ].join('\n');
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', text)));

    expect(metadata).toMatchObject({
      generator: 'civitai',
      resources: [
        { kind: 'lora', name: 'moody_light', weight: 0.7, hash: '0a1b2c' },
        { kind: 'lora', name: 'ink', weight: 1, hash: '3d4e5f' },
        { kind: 'embedding', name: 'EasyNegative', weight: 1 },
      ],
      params: { loras: 'moody_light:0.7, ink:1' },
    });
  });

  it('reads prompts that open with prompt syntax in braces or brackets', async () => {
    const dynamic = await pngWithChunks(textChunk('parameters', '{red|blue} vintage car\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1'));
    const weighted = await pngWithChunks(textChunk('parameters', '[1girl:2girls:0.4], beach\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1'));

    expect(readGenerationMetadata(dynamic)?.prompt).toBe('{red|blue} vintage car');
    expect(readGenerationMetadata(weighted)?.prompt).toBe('[1girl:2girls:0.4], beach');
  });

  it('reads parameters from a JPEG comment segment', async () => {
    const jpeg = await jpegWithSegments(commentSegment('a comet over the dunes\nSteps: 9, Sampler: Euler, CFG scale: 3, Seed: 8'));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'a1111', prompt: 'a comet over the dunes', params: { steps: 9 } });
  });

  it('reads text chunks written after the image data', async () => {
    const png = await pngWithChunks();
    const iend = png.lastIndexOf('IEND') - 4;
    const late = Buffer.concat([png.subarray(0, iend), textChunk('parameters', 'late prompt\nSteps: 4, Sampler: Euler, Seed: 3'), png.subarray(iend)]);

    expect(readGenerationMetadata(late)).toMatchObject({ generator: 'a1111', prompt: 'late prompt', params: { steps: 4 } });
  });
});

describe('Midjourney', () => {
  it('reads the prompt and --options from the Description, dropping the Job ID', async () => {
    const png = await pngWithChunks(
      textChunk('Author', 'someone'),
      textChunk('Description', 'a cathedral made of ice --ar 16:9 --v 6.1 --seed 1234 --raw Job ID: 7c1f3e8a-3b7e-4c1a-9d55-0e4c5a6b7c8d'),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'midjourney',
      prompt: 'a cathedral made of ice',
      params: { seed: 1234, ar: '16:9', v: '6.1', raw: 'on' },
    });
  });
});

describe('JSON is never a prompt', () => {
  it('reads nothing from JSON of no known generator, in any text field', async () => {
    const unknownJson = json({ foo: 'bar', nested: { prompt: 1 } });
    const png = await pngWithChunks(textChunk('parameters', unknownJson), textChunk('Description', unknownJson));
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ software: 'Stable Diffusion web UI', userComment: asciiUserComment(unknownJson), imageDescription: unknownJson })));

    expect(readGenerationMetadata(png)?.prompt).toBeUndefined();
    expect(readGenerationMetadata(jpeg)).toBeUndefined();
  });

  it('reads nothing from any generator’s JSON cut short, in PNG parameters or a JPEG UserComment', async () => {
    const texts = [
      json(SWARMUI),
      json({ prompt: 'p', base_model: 'm', resolution: '(1, 2)', version: 'Fooocus v2' }),
      json({ Prompt: 'p', Negative: 'n', software: 'RuinedFooocus' }),
      json({ prompt: 'p', Model: 'm', resolution: '1 x 2' }),
      json({ positive_prompt: 'p', app_version: '4', generation_mode: 'txt2img' }),
      json({ Prompt: 'p', 'Stable Diffusion model': 'm' }),
      json({ c: 'p', sampler: 's', scale: 1 }),
      json({ ...COMFYUI_API_PROMPT, extraMetadata: json({ prompt: 'p' }) }),
      json({ Software: 'NovelAI', Description: 'p', Comment: json(NOVELAI_COMMENT) }),
    ];
    for (const text of texts) {
      for (const length of [1, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1]) {
        const cut = text.slice(0, length);
        const png = await pngWithChunks(textChunk('parameters', cut));
        const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(cut) })));

        expect(readGenerationMetadata(png)).toBeUndefined();
        expect(readGenerationMetadata(jpeg)).toBeUndefined();
      }
    }
  });

  it('reads a workflow-only ComfyUI UserComment envelope', async () => {
    const envelope = json({ workflow: COMFYUI_UI_WORKFLOW });
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(envelope) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'comfyui', prompt: 'a red fox in tall grass' });
  });
});
