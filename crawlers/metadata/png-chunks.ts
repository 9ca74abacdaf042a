import { hasAsciiAt } from './byte-text.ts';
import { PNG_SIGNATURE_LENGTH, sniffImageContainer } from './image-container.ts';

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

const MAX_CHUNKS = 100_000;

/**
 * Every complete chunk of the given types, in file order, up to IEND or the first chunk that
 * runs past the end (a truncated file). Data are views into the file, not copies.
 */
export function readPngChunks(png: Uint8Array, types: ReadonlySet<string>): PngChunk[] {
  if (sniffImageContainer(png) !== 'png') return [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE_LENGTH;
  for (let scanned = 0; scanned < MAX_CHUNKS && offset + 8 <= png.length; scanned += 1) {
    const dataEnd = offset + 8 + view.getUint32(offset);
    if (dataEnd + 4 > png.length || hasAsciiAt(png, offset + 4, 'IEND')) break;
    const type = String.fromCharCode(png[offset + 4]!, png[offset + 5]!, png[offset + 6]!, png[offset + 7]!);
    if (types.has(type)) chunks.push({ type, data: png.subarray(offset + 8, dataEnd) });
    offset = dataEnd + 4;
  }
  return chunks;
}
