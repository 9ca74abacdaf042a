import { decodeUtf8, hasAsciiAt } from './byte-text.ts';
import { EXIF_HEADER, type EmbeddedMetadata } from './embedded-metadata.ts';
import { sniffImageContainer } from './image-container.ts';

const RIFF_HEADER_LENGTH = 12;
const MAX_CHUNKS = 64;

/**
 * The EXIF, XMP and C2PA chunks of a WebP. They follow the image data in the extended format, so
 * every chunk is walked (by length, without reading it). The RIFF size is not trusted: a
 * truncated file yields the chunks that are complete.
 */
export function readWebpMetadata(webp: Uint8Array): EmbeddedMetadata {
  const found: EmbeddedMetadata = {};
  if (sniffImageContainer(webp) !== 'webp') return found;
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  let offset = RIFF_HEADER_LENGTH;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk += 1) {
    if (offset + 8 > webp.length) break;
    const size = view.getUint32(offset + 4, true);
    const dataStart = offset + 8;
    const dataEnd = dataStart + size;
    if (dataEnd > webp.length) break;
    if (!found.exif && hasAsciiAt(webp, offset, 'EXIF')) {
      // The spec says raw TIFF; some writers keep the JPEG-style "Exif\0\0" header.
      const skip = hasAsciiAt(webp, dataStart, EXIF_HEADER) ? EXIF_HEADER.length : 0;
      found.exif = webp.subarray(dataStart + skip, dataEnd);
    } else if (found.xmp === undefined && hasAsciiAt(webp, offset, 'XMP ')) {
      found.xmp = decodeUtf8(webp.subarray(dataStart, dataEnd));
    } else if (!found.c2pa && hasAsciiAt(webp, offset, 'C2PA')) {
      found.c2pa = webp.subarray(dataStart, dataEnd);
    }
    // Chunks are padded to an even size.
    offset = dataEnd + (size % 2);
  }
  return found;
}
