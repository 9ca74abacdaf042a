import { crc32, inflateSync } from 'node:zlib';
import { decodeLatin1, decodeUtf8, decodeUtf8OrLatin1, indexOfZero } from './byte-text.ts';
import { PNG_SIGNATURE_LENGTH, sniffImageContainer } from './image-container.ts';

export type PngTextChunkType = 'tEXt' | 'zTXt' | 'iTXt';

export interface PngTextChunk {
  type: PngTextChunkType;
  keyword: string;
  text: string;
}

export interface PngTextLimits {
  /**
   * Chunks looked at before giving up. Text may follow the image data, so the walk passes
   * every IDAT (a large image has hundreds); each costs a length read and a jump.
   */
  maxChunksScanned: number;
  maxTextChunks: number;
  /** Per chunk, after inflating: a ComfyUI workflow is rarely above a few hundred KB. */
  maxChunkTextBytes: number;
  maxTotalTextBytes: number;
}

export const DEFAULT_PNG_TEXT_LIMITS: PngTextLimits = {
  maxChunksScanned: 100_000,
  maxTextChunks: 64,
  maxChunkTextBytes: 2 * 1024 * 1024,
  maxTotalTextBytes: 8 * 1024 * 1024,
};

const MAX_KEYWORD_BYTES = 79;

/**
 * The text chunks of a PNG, in file order, before and after the image data (some savers
 * append theirs after IDAT). Reading stops at IEND, at a chunk that runs past the end of a
 * truncated file, or at a chunk type that is not four letters (a corrupted length sent us
 * astray); whatever was read before is returned. A text chunk whose CRC does not match is skipped:
 * its bytes are corrupt, and a prompt made of them would be too. A chunk whose text would
 * exceed the size limits (a zTXt bomb) is skipped without inflating past the limit.
 */
export function readPngTextChunks(png: Uint8Array, limits: PngTextLimits = DEFAULT_PNG_TEXT_LIMITS): PngTextChunk[] {
  if (sniffImageContainer(png) !== 'png') return [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngTextChunk[] = [];
  let totalTextBytes = 0;
  let offset = PNG_SIGNATURE_LENGTH;

  for (let scanned = 0; scanned < limits.maxChunksScanned; scanned += 1) {
    if (offset + 8 > png.length) break;
    const length = view.getUint32(offset);
    const type = chunkType(png, offset + 4);
    if (type === undefined || type === 'IEND') break;
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > png.length) break;

    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const crcMatches = crc32(png.subarray(offset + 4, dataEnd)) === view.getUint32(dataEnd);
      const textBudget = Math.min(limits.maxChunkTextBytes, limits.maxTotalTextBytes - totalTextBytes);
      const chunk = crcMatches ? decodeTextChunk(type, png.subarray(dataStart, dataEnd), textBudget) : undefined;
      if (chunk) {
        chunks.push({ type, keyword: chunk.keyword, text: chunk.text });
        totalTextBytes += chunk.textBytes;
        if (chunks.length >= limits.maxTextChunks || totalTextBytes >= limits.maxTotalTextBytes) break;
      }
    }
    offset = dataEnd + 4;
  }
  return chunks;
}

function chunkType(png: Uint8Array, offset: number): string | undefined {
  let type = '';
  for (let i = offset; i < offset + 4; i += 1) {
    const byte = png[i] ?? 0;
    const isLetter = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
    if (!isLetter) return undefined;
    type += String.fromCharCode(byte);
  }
  return type;
}

interface DecodedTextChunk {
  keyword: string;
  text: string;
  textBytes: number;
}

function decodeTextChunk(type: PngTextChunkType, data: Uint8Array, textBudget: number): DecodedTextChunk | undefined {
  const keywordEnd = indexOfZero(data, 0, Math.min(data.length, MAX_KEYWORD_BYTES + 1));
  if (keywordEnd < 1) return undefined;
  const keyword = decodeLatin1(data.subarray(0, keywordEnd));
  const rest = data.subarray(keywordEnd + 1);

  if (type === 'tEXt') {
    if (rest.length > textBudget) return undefined;
    return { keyword, text: decodeUtf8OrLatin1(rest), textBytes: rest.length };
  }
  if (type === 'zTXt') {
    // One byte of compression method (0 = zlib is the only one defined), then the stream.
    if (rest[0] !== 0) return undefined;
    const inflated = boundedInflate(rest.subarray(1), textBudget);
    return inflated && { keyword, text: decodeUtf8OrLatin1(inflated), textBytes: inflated.length };
  }
  return decodeInternationalText(keyword, rest, textBudget);
}

/** iTXt: compression flag, method, language tag\0, translated keyword\0, UTF-8 text. */
function decodeInternationalText(keyword: string, rest: Uint8Array, textBudget: number): DecodedTextChunk | undefined {
  if (rest.length < 2) return undefined;
  const compressed = rest[0] === 1;
  if (compressed && rest[1] !== 0) return undefined;
  const languageEnd = indexOfZero(rest, 2, rest.length);
  if (languageEnd < 0) return undefined;
  const translatedEnd = indexOfZero(rest, languageEnd + 1, rest.length);
  if (translatedEnd < 0) return undefined;
  const textBytes = rest.subarray(translatedEnd + 1);
  if (!compressed) {
    if (textBytes.length > textBudget) return undefined;
    return { keyword, text: decodeUtf8(textBytes), textBytes: textBytes.length };
  }
  const inflated = boundedInflate(textBytes, textBudget);
  return inflated && { keyword, text: decodeUtf8(inflated), textBytes: inflated.length };
}

/** zlib inflate that gives up (undefined) once the output would pass `maxBytes`, or on a broken stream. */
function boundedInflate(compressed: Uint8Array, maxBytes: number): Buffer | undefined {
  if (maxBytes < 1) return undefined;
  try {
    return inflateSync(compressed, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
}
