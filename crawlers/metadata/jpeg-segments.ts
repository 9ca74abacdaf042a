import { decodeUtf8, decodeUtf8OrLatin1, hasAsciiAt } from './byte-text.ts';
import { EXIF_HEADER, type EmbeddedMetadata } from './embedded-metadata.ts';
import { sniffImageContainer } from './image-container.ts';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const MARKER_APP1 = 0xe1;
const MARKER_COMMENT = 0xfe;
/** APP11 carries JPEG XT boxes: "JP", instance (2 bytes), sequence (4 bytes), then the JUMBF box. */
const MARKER_APP11 = 0xeb;
const JPEG_XT_HEADER_LENGTH = 8;
const MAX_C2PA_BYTES = 1024 * 1024;
const MARKER_START_OF_SCAN = 0xda;
const MARKER_END_OF_IMAGE = 0xd9;
const MAX_SEGMENTS = 256;

/**
 * The first APP1 Exif and APP1 XMP segments of a JPEG, its first COM segment, and the C2PA
 * manifest from APP11. Metadata segments precede the scan,
 * so reading stops at start-of-scan; a truncated or desynchronised file yields what was found.
 * Extended XMP (split over several segments) is not reassembled.
 */
export function readJpegMetadata(jpeg: Uint8Array): EmbeddedMetadata {
  const found: EmbeddedMetadata = {};
  if (sniffImageContainer(jpeg) !== 'jpeg') return found;
  const c2paParts: Uint8Array[] = [];
  let c2paBytes = 0;
  let offset = 2;
  for (let segment = 0; segment < MAX_SEGMENTS; segment += 1) {
    if (jpeg[offset] !== 0xff) break;
    // Any number of 0xFF fill bytes may precede a marker.
    while (jpeg[offset] === 0xff) offset += 1;
    const marker = jpeg[offset];
    offset += 1;
    if (marker === undefined || marker === MARKER_START_OF_SCAN || marker === MARKER_END_OF_IMAGE) break;
    if (hasNoLength(marker)) continue;
    if (offset + 2 > jpeg.length) break;
    const segmentLength = ((jpeg[offset] ?? 0) << 8) | (jpeg[offset + 1] ?? 0);
    const dataStart = offset + 2;
    const dataEnd = offset + segmentLength;
    if (segmentLength < 2 || dataEnd > jpeg.length) break;
    if (marker === MARKER_APP1) {
      if (!found.exif && hasAsciiAt(jpeg, dataStart, EXIF_HEADER)) {
        found.exif = jpeg.subarray(dataStart + EXIF_HEADER.length, dataEnd);
      } else if (found.xmp === undefined && hasAsciiAt(jpeg, dataStart, XMP_HEADER)) {
        found.xmp = decodeUtf8(jpeg.subarray(dataStart + XMP_HEADER.length, dataEnd));
      }
    } else if (marker === MARKER_COMMENT && found.comment === undefined) {
      found.comment = decodeUtf8OrLatin1(jpeg.subarray(dataStart, dataEnd));
    } else if (marker === MARKER_APP11 && hasAsciiAt(jpeg, dataStart, 'JP') && c2paBytes < MAX_C2PA_BYTES) {
      // Continuation segments repeat the box header (8 bytes) after the JPEG XT header.
      const payload = jpeg.subarray(dataStart + JPEG_XT_HEADER_LENGTH + (c2paParts.length > 0 ? 8 : 0), dataEnd);
      c2paParts.push(payload);
      c2paBytes += payload.length;
    }
    offset = dataEnd;
  }
  if (c2paParts.length > 0) found.c2pa = Buffer.concat(c2paParts);
  return found;
}

/** TEM and the restart markers stand alone, without a length field. */
function hasNoLength(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}
