import { describe, expect, it } from 'vitest';
import { parseA1111Parameters } from '../../../crawlers/metadata/a1111-parameters.ts';
import { parseComfyUiMetadata } from '../../../crawlers/metadata/comfyui-workflow.ts';
import type { EmbeddedMetadata } from '../../../crawlers/metadata/embedded-metadata.ts';
import { readExifTextFields } from '../../../crawlers/metadata/exif-user-comment.ts';
import { readJpegMetadata } from '../../../crawlers/metadata/jpeg-segments.ts';
import { parseNovelAiMetadata } from '../../../crawlers/metadata/novelai-comment.ts';
import { readPngTextChunks } from '../../../crawlers/metadata/png-text-chunks.ts';
import { readWebpMetadata } from '../../../crawlers/metadata/webp-chunks.ts';
import { readXmpTextFields } from '../../../crawlers/metadata/xmp-description.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import { A1111_FULL_PARAMETERS, COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW, NOVELAI_COMMENT } from './fixtures/generator-samples.ts';
import { exifSegment, jpegWithSegments, xmpSegment } from './fixtures/jpeg-fixture.ts';
import { compressedTextChunk, internationalTextChunk, pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { seededRandom } from './fixtures/seeded-random.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';
import { xmpPacket } from './fixtures/xmp-fixture.ts';

/**
 * readGenerationMetadata has a last-resort catch, so these tests drive each layer directly:
 * a reader that throws on some input fails here instead of being hidden by that catch.
 */
function readEveryLayer(bytes: Buffer): void {
  for (const chunk of readPngTextChunks(bytes)) interpretText(chunk.text);
  for (const embedded of [readJpegMetadata(bytes), readWebpMetadata(bytes)]) {
    for (const text of embeddedTexts(embedded)) interpretText(text);
  }
}

/** Truncation only ever drops whole chunks and segments, so the texts need no re-parsing. */
function readContainers(bytes: Buffer): void {
  readPngTextChunks(bytes);
  embeddedTexts(readJpegMetadata(bytes));
  embeddedTexts(readWebpMetadata(bytes));
}

function embeddedTexts(embedded: EmbeddedMetadata): string[] {
  const exif = embedded.exif ? Object.values(readExifTextFields(embedded.exif)) : [];
  const xmp = embedded.xmp === undefined ? [] : Object.values(readXmpTextFields(embedded.xmp));
  return [...exif, ...xmp];
}

function interpretText(text: string): void {
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
    }),
  ];
}

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
    const texts = [A1111_FULL_PARAMETERS, JSON.stringify(COMFYUI_API_PROMPT), JSON.stringify(COMFYUI_UI_WORKFLOW), JSON.stringify(NOVELAI_COMMENT)];
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
