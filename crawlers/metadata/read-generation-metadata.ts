import { generatorFromC2pa } from './c2pa-manifest.ts';
import type { EmbeddedMetadata } from './embedded-metadata.ts';
import { entriesFromEmbedded, envelopeEntries } from './embedded-entries.ts';
import { buildGenerationMetadata, type GenerationMetadata } from './generation-metadata.ts';
import { sniffImageContainer } from './image-container.ts';
import { interpretEntries } from './interpret-entries.ts';
import { readJpegMetadata } from './jpeg-segments.ts';
import type { TextEntry } from './metadata-entries.ts';
import { readPngChunks } from './png-chunks.ts';
import { readStealthPngInfo } from './png-stealth-info.ts';
import { readPngTextChunks } from './png-text-chunks.ts';
import { readWebpMetadata } from './webp-chunks.ts';

export type { GenerationMetadata, GenerationParams, GenerationResource, Generator } from './generation-metadata.ts';

/**
 * How an image says it was generated, from the metadata its generator embedded, in PNG, JPEG
 * and WebP (the container is sniffed from the bytes): the generator, prompt, negative prompt,
 * model, known settings, LoRAs and every other field under its own name. Undefined means "no
 * generation metadata": none at all, or only text that is not generation data. A file whose
 * only evidence is a C2PA manifest declaring it generated yields the generator and no prompt.
 * Never throws, whatever the bytes; every reader is bounded in time and memory.
 */
export function readGenerationMetadata(bytes: Uint8Array): GenerationMetadata | undefined {
  try {
    switch (sniffImageContainer(bytes)) {
      case 'png':
        return fromPng(bytes);
      case 'jpeg':
        return fromEmbedded(readJpegMetadata(bytes));
      case 'webp':
        return fromEmbedded(readWebpMetadata(bytes));
      default:
        return undefined;
    }
  } catch {
    // The readers are written not to throw; this keeps one bad image from stopping a crawl
    // if one does anyway (a bug is better found in the tests than in the crawler's log).
    return undefined;
  }
}

const C2PA_CHUNK = new Set(['caBX']);

/** Text chunks first (with an XMP packet read as EXIF-style entries), then stealth alpha data, then C2PA. */
function fromPng(png: Uint8Array): GenerationMetadata | undefined {
  const entries: TextEntry[] = readPngTextChunks(png).map((chunk) => ({ key: chunk.keyword, text: chunk.text }));
  const xmp = entries.find((entry) => entry.key === 'XML:com.adobe.xmp')?.text;
  if (xmp !== undefined) entries.push(...entriesFromEmbedded({ xmp }));
  const fromText = interpretEntries(entries);
  if (fromText) return fromText;

  const stealth = readStealthPngInfo(png);
  if (stealth !== undefined) {
    // NovelAI hides its whole envelope as JSON; A1111 hides its parameters text.
    const fromStealth = interpretEntries([{ key: 'parameters', text: stealth }, ...envelopeEntries(stealth)]);
    if (fromStealth) return fromStealth;
  }
  const [manifest] = readPngChunks(png, C2PA_CHUNK);
  return manifest ? generatorOnly(manifest.data) : undefined;
}

function fromEmbedded(embedded: EmbeddedMetadata): GenerationMetadata | undefined {
  const fromText = interpretEntries(entriesFromEmbedded(embedded));
  if (fromText) return fromText;
  return embedded.c2pa ? generatorOnly(embedded.c2pa) : undefined;
}

function generatorOnly(jumbf: Uint8Array): GenerationMetadata | undefined {
  const generator = generatorFromC2pa(jumbf);
  return generator && buildGenerationMetadata({ generator });
}
