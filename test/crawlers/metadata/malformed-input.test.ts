import { describe, expect, it } from 'vitest';
import { parseA1111Parameters } from '../../../crawlers/metadata/a1111-parameters.ts';
import { generatorFromC2pa } from '../../../crawlers/metadata/c2pa-manifest.ts';
import { entriesFromEmbedded } from '../../../crawlers/metadata/embedded-entries.ts';
import { interpretEntries } from '../../../crawlers/metadata/interpret-entries.ts';
import { readStealthPngInfo } from '../../../crawlers/metadata/png-stealth-info.ts';
import { parseComfyUiMetadata } from '../../../crawlers/metadata/comfyui-workflow.ts';
import type { EmbeddedMetadata } from '../../../crawlers/metadata/embedded-metadata.ts';
import { readExifTextFields } from '../../../crawlers/metadata/exif-user-comment.ts';
import { readJpegMetadata } from '../../../crawlers/metadata/jpeg-segments.ts';
import { parseNovelAiMetadata } from '../../../crawlers/metadata/novelai-comment.ts';
import { readPngTextChunks } from '../../../crawlers/metadata/png-text-chunks.ts';
import { readWebpMetadata } from '../../../crawlers/metadata/webp-chunks.ts';
import { readGenerationMetadata } from '../../../crawlers/metadata/read-generation-metadata.ts';
import { readXmpTextFields } from '../../../crawlers/metadata/xmp-description.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import { A1111_FULL_PARAMETERS, COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW, NOVELAI_COMMENT } from './fixtures/generator-samples.ts';
import { exifSegment, jpegWithSegments, xmpSegment } from './fixtures/jpeg-fixture.ts';
import { compressedTextChunk, internationalTextChunk, pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { app11Segments, c2paManifestStore, generatedImageClaim } from './fixtures/c2pa-fixture.ts';
import { seededRandom } from './fixtures/seeded-random.ts';
import { stealthPng } from './fixtures/stealth-fixture.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';
import { xmpPacket } from './fixtures/xmp-fixture.ts';

/**
 * readGenerationMetadata has a last-resort catch, so these tests drive each layer directly:
 * a reader that throws on some input fails here instead of being hidden by that catch.
 */
function readEveryLayer(bytes: Buffer): void {
  const chunks = readPngTextChunks(bytes);
  for (const chunk of chunks) interpretText(chunk.text);
  interpretEntries(chunks.map((chunk) => ({ key: chunk.keyword, text: chunk.text })));
  readStealthPngInfo(bytes);
  for (const embedded of [readJpegMetadata(bytes), readWebpMetadata(bytes)]) {
    for (const text of embeddedTexts(embedded)) interpretText(text);
    interpretEntries(entriesFromEmbedded(embedded));
    if (embedded.c2pa) generatorFromC2pa(embedded.c2pa);
  }
}

/** Truncation only ever drops whole chunks and segments, so the texts need no re-parsing. */
function readContainers(bytes: Buffer): void {
  readPngTextChunks(bytes);
  readStealthPngInfo(bytes);
  for (const embedded of [readJpegMetadata(bytes), readWebpMetadata(bytes)]) {
    embeddedTexts(embedded);
    if (embedded.c2pa) generatorFromC2pa(embedded.c2pa);
  }
}

function embeddedTexts(embedded: EmbeddedMetadata): string[] {
  const exif = embedded.exif ? Object.values(readExifTextFields(embedded.exif)) : [];
  const xmp = embedded.xmp === undefined ? [] : Object.values(readXmpTextFields(embedded.xmp));
  return [...exif, ...xmp];
}

function interpretText(text: string): void {
  interpretEntries([
    { key: 'parameters', text },
    { key: 'UserComment', text },
    { key: 'prompt', text },
    { key: 'generation_data', text },
    { key: 'invokeai_metadata', text },
    { key: 'Dream', text },
  ]);
  parseA1111Parameters(text);
  parseComfyUiMetadata({ prompt: text, workflow: text });
  parseNovelAiMetadata({ software: 'NovelAI', description: text, comment: text });
  readXmpTextFields(text);
}

async function sampleFiles(): Promise<Buffer[]> {
  return [
    await pngWithChunks(
      textChunk('parameters', A1111_FULL_PARAMETERS),
      compressedTextChunk('prompt', JSON.stringify(COMFYUI_API_PROMPT)),
      internationalTextChunk('workflow', JSON.stringify(COMFYUI_UI_WORKFLOW), { compressed: true }),
      textChunk('Comment', JSON.stringify(NOVELAI_COMMENT)),
    ),
    await jpegWithSegments(
      exifSegment(exifTiff({ byteOrder: 'big', imageDescription: 'desc', userComment: unicodeUserComment('a fox', 'big') })),
      xmpSegment(xmpPacket({ description: 'd', userComment: 'u' })),
    ),
    await webpWithMetadata({
      exif: exifTiff({ imageDescription: 'x', userComment: asciiUserComment('y') }),
      xmp: xmpPacket({ description: 'z' }),
      c2pa: c2paManifestStore(generatedImageClaim('ChatGPT')),
    }),
    await jpegWithSegments(
      exifSegment(exifTiff({ ifd0UserComment: unicodeUserComment(JSON.stringify({ prompt: COMFYUI_API_PROMPT }), 'little'), make: 'Workflow: {"nodes": []}' })),
      ...app11Segments(c2paManifestStore(generatedImageClaim('Gemini')), 60),
    ),
    stealthPng('a fox\nSteps: 1, Sampler: Euler, Seed: 1', { compressed: true, width: 32, height: 32 }),
  ];
}

/** Texts every generator reader sees, for the JSON and text corruption test. */
const GENERATOR_TEXTS = [
  JSON.stringify({ sui_image_params: { prompt: 'p', seed: 1, loras: ['a'], loraweights: [1] }, sui_models: [{ param: 'model', hash: 'h' }] }),
  JSON.stringify({ Prompt: 'p', software: 'RuinedFooocus', loras: [['h', 'n:1']] }),
  JSON.stringify({ prompt: 'p', base_model: 'm', lora_combined_1: 'a : 0.5', resolution: '(1, 2)' }),
  JSON.stringify({ positive_prompt: 'p', app_version: '4', model: { name: 'm' }, loras: [{ model: { name: 'l' }, weight: 1 }] }),
  JSON.stringify({ c: 'p', sampler: 's', lora: [{ file: 'f', weight: 1 }] }),
  JSON.stringify({ prompt: 'p', baseModel: { modelFileName: 'm' }, models: [{ type: 'LORA', modelFileName: 'l' }] }),
  JSON.stringify({ ...COMFYUI_API_PROMPT, extraMetadata: JSON.stringify({ prompt: 'p' }) }),
  '"prompt [neg]" -s 5 -S 1 -W 64 -H 64',
];

describe('metadata readers on malformed input', () => {
  it('do not throw on any truncation of valid files', async () => {
    for (const file of await sampleFiles()) {
      for (let length = 0; length <= file.length; length += 1) {
        expect(() => readContainers(file.subarray(0, length))).not.toThrow();
      }
    }
  });

  it('do not throw on randomly corrupted bytes', async () => {
    const random = seededRandom(42);
    for (const file of await sampleFiles()) {
      for (let round = 0; round < 300; round += 1) {
        const corrupted = Buffer.from(file);
        for (let change = 0; change < 4; change += 1) {
          corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
        }
        expect(() => readEveryLayer(corrupted)).not.toThrow();
      }
    }
  });

  it('do not throw on corrupted JSON and parameters text', () => {
    const random = seededRandom(9);
    const texts = [A1111_FULL_PARAMETERS, JSON.stringify(COMFYUI_API_PROMPT), JSON.stringify(COMFYUI_UI_WORKFLOW), JSON.stringify(NOVELAI_COMMENT), ...GENERATOR_TEXTS];
    for (const text of texts) {
      for (let round = 0; round < 200; round += 1) {
        const characters = [...text];
        for (let change = 0; change < 3; change += 1) {
          characters[Math.floor(random() * characters.length)] = String.fromCharCode(Math.floor(random() * 128));
        }
        expect(() => interpretText(characters.join(''))).not.toThrow();
      }
    }
  });
});

describe('metadata readers on hostile input', () => {
  it('refuse deeply nested JSON before parsing it, wherever it is', async () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    const deepObject = `{"sui_image_params": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const png = await pngWithChunks(textChunk('parameters', deepObject), textChunk('prompt', deep), textChunk('workflow', deep), textChunk('invokeai_metadata', deepObject));

    expect(interpretEntries(readPngTextChunks(png).map((chunk) => ({ key: chunk.keyword, text: chunk.text })))).toBeUndefined();
    expect(readGenerationMetadata(png)).toBeUndefined();
  });

  it('end on value cycles: concatenations and switches that link to themselves', () => {
    const graph = {
      '1': { class_type: 'KSampler', inputs: { seed: ['5', 0], positive: ['2', 0], negative: ['2', 0] } },
      '2': { class_type: 'CLIPTextEncode', inputs: { text: ['3', 0] } },
      '3': { class_type: 'StringConcatenate', inputs: { string_a: ['3', 0], string_b: ['4', 0], delimiter: ' ' } },
      '4': { class_type: 'ImpactSwitch', inputs: { select: 1, input1: ['4', 0] } },
      '5': { class_type: 'Seed (rgthree)', inputs: { seed: ['5', 0] } },
    };

    expect(parseComfyUiMetadata({ prompt: JSON.stringify(graph) })).toMatchObject({ generator: 'comfyui' });
  });

  it('bound a graph of many nodes and wide fan-in', () => {
    const graph: Record<string, unknown> = { '0': { class_type: 'KSampler', inputs: { steps: 1, positive: ['1', 0], negative: ['1', 0] } } };
    for (let id = 1; id < 3000; id += 1) {
      const inputs: Record<string, unknown> = {};
      for (let k = 0; k < 20; k += 1) inputs[`conditioning_${k}`] = [String((id * 7 + k) % 3000), 0];
      graph[String(id)] = { class_type: 'ConditioningCombine', inputs };
    }

    expect(parseComfyUiMetadata({ prompt: JSON.stringify(graph) })).toMatchObject({ params: { steps: 1 } });
  });
});
