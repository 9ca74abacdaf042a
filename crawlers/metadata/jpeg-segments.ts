import { decodeUtf8, hasAsciiAt } from './byte-text.ts';
import { EXIF_HEADER, type EmbeddedMetadata } from './embedded-metadata.ts';
import { sniffImageContainer } from './image-container.ts';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const MARKER_APP1 = 0xe1;
const MARKER_START_OF_SCAN = 0xda;
const MARKER_END_OF_IMAGE = 0xd9;
const MAX_SEGMENTS = 256;

/**
 * The first APP1 Exif and APP1 XMP segments of a JPEG. Metadata segments precede the scan,
 * so reading stops at start-of-scan; a truncated or desynchronised file yields what was found.
 * Extended XMP (split over several segments) is not reassembled.
 */
export function readJpegMetadata(jpeg: Uint8Array): EmbeddedMetadata {
  const found: EmbeddedMetadata = {};
  if (sniffImageContainer(jpeg) !== 'jpeg') return found;
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
    }
    offset = dataEnd;
  }
  return found;
}

/** TEM and the restart markers stand alone, without a length field. */
function hasNoLength(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}
