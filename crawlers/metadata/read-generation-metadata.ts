import { a1111GenerationMetadata, parseA1111Parameters } from './a1111-parameters.ts';
import { comfyUiTextsFromExif, parseComfyUiMetadata } from './comfyui-workflow.ts';
import type { EmbeddedMetadata } from './embedded-metadata.ts';
import { readExifTextFields } from './exif-user-comment.ts';
import { buildGenerationMetadata, type GenerationMetadata } from './generation-metadata.ts';
import { sniffImageContainer } from './image-container.ts';
import { readJpegMetadata } from './jpeg-segments.ts';
import { parseNovelAiMetadata } from './novelai-comment.ts';
import { readPngTextChunks, type PngTextChunk } from './png-text-chunks.ts';
import { readWebpMetadata } from './webp-chunks.ts';
import { readXmpTextFields } from './xmp-description.ts';

export type { GenerationMetadata, GenerationParams } from './generation-metadata.ts';

/**
 * How a crawled image says it was generated, from the metadata its generator embedded:
 * A1111/Forge `parameters`, ComfyUI `prompt`/`workflow`, NovelAI chunks, EXIF UserComment /
 * ImageDescription and XMP descriptions, in PNG, JPEG and WebP. The container is sniffed from
 * the bytes. Undefined when there is none; never throws, whatever the bytes.
 */
export function readGenerationMetadata(bytes: Uint8Array): GenerationMetadata | undefined {
  try {
    switch (sniffImageContainer(bytes)) {
      case 'png':
        return fromPngTextChunks(readPngTextChunks(bytes));
      case 'jpeg':
        return fromEmbeddedMetadata(readJpegMetadata(bytes));
      case 'webp':
        return fromEmbeddedMetadata(readWebpMetadata(bytes));
      default:
        return undefined;
    }
  } catch {
    // The readers are written not to throw; this keeps one bad image from stopping a crawl
    // if one does anyway (a bug is better found in the tests than in the crawler's log).
    return undefined;
  }
}

/**
 * PNG, most specific format first: A1111's `parameters`, ComfyUI's JSON, NovelAI's chunks,
 * then an XMP packet in iTXt.
 */
function fromPngTextChunks(chunks: PngTextChunk[]): GenerationMetadata | undefined {
  const text = (keyword: string) => firstText(chunks, keyword);
  const parameters = text('parameters');
  if (parameters !== undefined && parameters.trim() !== '') {
    return a1111GenerationMetadata(parseA1111Parameters(parameters));
  }
  const comfyUi = parseComfyUiMetadata({ prompt: text('prompt'), workflow: text('workflow') });
  if (comfyUi) return comfyUi;
  const novelAi = parseNovelAiMetadata({
    software: text('Software'),
    description: text('Description'),
    comment: text('Comment'),
    source: text('Source'),
  });
  if (novelAi) return novelAi;
  const xmp = text('XML:com.adobe.xmp');
  return xmp === undefined ? undefined : fromEmbeddedMetadata({ xmp });
}

/** The first chunk with this keyword; an exact match wins over one differing only in case. */
function firstText(chunks: PngTextChunk[], keyword: string): string | undefined {
  const exact = chunks.find((chunk) => chunk.keyword === keyword);
  if (exact) return exact.text;
  const lowerKeyword = keyword.toLowerCase();
  return chunks.find((chunk) => chunk.keyword.toLowerCase() === lowerKeyword)?.text;
}

/**
 * JPEG and WebP (and PNG XMP): ComfyUI JSON in EXIF tags first, then the first text that
 * reads as A1111 parameters (A1111 writes them to UserComment), then the first plain text
 * as a bare prompt, labelled with where it came from.
 */
function fromEmbeddedMetadata(embedded: EmbeddedMetadata): GenerationMetadata | undefined {
  const exif = embedded.exif ? readExifTextFields(embedded.exif) : {};
  const xmp = embedded.xmp === undefined ? {} : readXmpTextFields(embedded.xmp);

  const comfyUi = parseComfyUiMetadata(comfyUiTextsFromExif([exif.model, exif.make, exif.imageDescription]));
  if (comfyUi) return comfyUi;

  const candidates: { text: string | undefined; source: 'exif' | 'xmp' }[] = [
    { text: exif.userComment, source: 'exif' },
    { text: exif.imageDescription, source: 'exif' },
    { text: xmp.userComment, source: 'xmp' },
    { text: xmp.description, source: 'xmp' },
  ];
  const texts = candidates.filter((candidate): candidate is { text: string; source: 'exif' | 'xmp' } =>
    Boolean(candidate.text?.trim()),
  );
  for (const { text } of texts) {
    const parsed = parseA1111Parameters(text);
    if (parsed.hasSettingsLine) return a1111GenerationMetadata(parsed);
  }
  const [plain] = texts;
  if (!plain) return undefined;
  const parsed = parseA1111Parameters(plain.text);
  // Plain text is a prompt; a "Negative prompt:" line in it is still worth splitting off.
  return buildGenerationMetadata({
    generator: plain.source,
    prompt: parsed.prompt,
    negativePrompt: parsed.negativePrompt,
  });
}
