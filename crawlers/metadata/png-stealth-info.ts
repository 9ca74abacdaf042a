import { gunzipSync, inflateSync } from 'node:zlib';
import { decodeUtf8 } from './byte-text.ts';
import { readPngChunks } from './png-chunks.ts';

/**
 * A1111's "stealth pnginfo": the parameters hidden in the least significant bit of each alpha
 * value, read column by column (x outer, y inner), most significant bit first: the signature
 * "stealth_pnginfo" (plain UTF-8) or "stealth_pngcomp" (gzip), a 32-bit length in bits, then
 * the data. Only 8-bit RGBA, non-interlaced PNGs carry it (that is what the extension writes).
 * Only the columns the data occupies are unfiltered.
 */
const SIGNATURE_BITS = 15 * 8;
const LENGTH_BITS = 32;
const MAX_PIXELS = 4096 * 4096;
const MAX_DATA_BYTES = 1024 * 1024;
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const BYTES_PER_PIXEL = 4;
const CHUNK_TYPES = new Set(['IHDR', 'IDAT']);

export function readStealthPngInfo(png: Uint8Array): string | undefined {
  const chunks = readPngChunks(png, CHUNK_TYPES);
  const header = chunks[0]?.type === 'IHDR' ? chunks[0].data : undefined;
  if (!header || header.length < 13) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colorType, , , interlace] = header.subarray(8, 13);
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) return undefined;
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) return undefined;

  const stride = width * BYTES_PER_PIXEL;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)), {
      maxOutputLength: height * (stride + 1),
    });
  } catch {
    return undefined;
  }
  if (raw.length < height * (stride + 1)) return undefined;

  const alpha = new AlphaColumns(raw, width, height);
  const signature = alpha.bytes(0, SIGNATURE_BITS / 8);
  const kind = signature && String.fromCharCode(...signature);
  if (kind !== 'stealth_pnginfo' && kind !== 'stealth_pngcomp') return undefined;
  const length = alpha.bytes(SIGNATURE_BITS, LENGTH_BITS / 8);
  if (!length) return undefined;
  const dataBits = new DataView(length.buffer).getUint32(0);
  if (dataBits === 0 || dataBits % 8 !== 0 || dataBits / 8 > MAX_DATA_BYTES) return undefined;
  const data = alpha.bytes(SIGNATURE_BITS + LENGTH_BITS, dataBits / 8);
  if (!data) return undefined;
  if (kind === 'stealth_pnginfo') return decodeUtf8(data);
  try {
    return decodeUtf8(gunzipSync(data, { maxOutputLength: MAX_TEXT_BYTES }));
  } catch {
    return undefined;
  }
}

/** Alpha LSBs in column order, unfiltering only as many leading columns as have been asked for. */
class AlphaColumns {
  private pixels: Uint8Array = new Uint8Array(0);
  private decodedColumns = 0;

  constructor(
    private readonly raw: Uint8Array,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** `count` bytes whose bits start at bit index `start`, or undefined when the image is too small to hold them. */
  bytes(start: number, count: number): Uint8Array | undefined {
    const end = start + count * 8;
    if (end > this.width * this.height) return undefined;
    this.decodeColumns(Math.ceil(end / this.height));
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count * 8; i += 1) {
      const index = start + i;
      const x = Math.floor(index / this.height);
      const y = index % this.height;
      const bit = this.pixels[(y * this.decodedColumns + x) * BYTES_PER_PIXEL + 3]! & 1;
      bytes[i >> 3] = (bytes[i >> 3]! << 1) | bit;
    }
    return bytes;
  }

  /** PNG unfiltering restricted to columns [0, columns): every filter only looks left and up. */
  private decodeColumns(columns: number): void {
    if (columns <= this.decodedColumns) return;
    const rowBytes = columns * BYTES_PER_PIXEL;
    const stride = this.width * BYTES_PER_PIXEL + 1;
    const pixels = new Uint8Array(this.height * rowBytes);
    for (let y = 0; y < this.height; y += 1) {
      const filter = this.raw[y * stride]!;
      const source = y * stride + 1;
      const row = y * rowBytes;
      const above = row - rowBytes;
      for (let i = 0; i < rowBytes; i += 1) {
        const left = i >= BYTES_PER_PIXEL ? pixels[row + i - BYTES_PER_PIXEL]! : 0;
        const up = y > 0 ? pixels[above + i]! : 0;
        const upLeft = y > 0 && i >= BYTES_PER_PIXEL ? pixels[above + i - BYTES_PER_PIXEL]! : 0;
        pixels[row + i] = (this.raw[source + i]! + predictor(filter, left, up, upLeft)) & 0xff;
      }
    }
    this.pixels = pixels;
    this.decodedColumns = columns;
  }
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const estimate = left + up - upLeft;
      const distanceLeft = Math.abs(estimate - left);
      const distanceUp = Math.abs(estimate - up);
      const distanceUpLeft = Math.abs(estimate - upLeft);
      if (distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft) return left;
      return distanceUp <= distanceUpLeft ? up : upLeft;
    }
    default:
      return 0;
  }
}
