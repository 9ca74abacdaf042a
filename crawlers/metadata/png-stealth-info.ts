import { constants, gunzipSync, inflateSync } from 'node:zlib';
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

  const rowBytes = width * BYTES_PER_PIXEL + 1;
  const compressed = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  // The signature and length sit in the first 152 rows of column 0 (on all but tiny images):
  // only those rows are inflated until the signature says there is something to read.
  const headerRows = Math.min(height, SIGNATURE_BITS + LENGTH_BITS);
  const head = inflateRows(compressed, headerRows * rowBytes, height * rowBytes);
  if (!head) return undefined;
  const headColumns = new AlphaColumns(head, width, height);
  const signature = headColumns.bytes(0, SIGNATURE_BITS / 8);
  const kind = signature && String.fromCharCode(...signature);
  if (kind !== 'stealth_pnginfo' && kind !== 'stealth_pngcomp') return undefined;
  const raw = head.length >= height * rowBytes ? head : inflateRows(compressed, height * rowBytes, height * rowBytes);
  if (!raw) return undefined;
  const alpha = new AlphaColumns(raw, width, height);
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

/**
 * At least `wantedBytes` of the inflated image data (all of it when the stream ends sooner),
 * inflating growing prefixes of the compressed data; undefined when the stream is broken.
 */
function inflateRows(compressed: Uint8Array, wantedBytes: number, totalBytes: number): Buffer | undefined {
  // First guess: the same share of the compressed data, with a margin; then twice as much.
  const guess = Math.ceil((compressed.length * wantedBytes * 1.25) / totalBytes) + 16 * 1024;
  for (let prefix = guess; ; prefix *= 2) {
    const input = compressed.subarray(0, Math.min(prefix, compressed.length));
    let output: Buffer;
    try {
      output = inflateSync(input, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: totalBytes });
    } catch {
      return undefined;
    }
    if (output.length >= wantedBytes) return output;
    if (input.length === compressed.length) return undefined;
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

  /**
   * `count` bytes whose bits start at bit index `start`, or undefined when the image (or the
   * part of it inflated so far) is too small to hold them.
   */
  bytes(start: number, count: number): Uint8Array | undefined {
    const end = start + count * 8;
    const rowsAvailable = Math.floor(this.raw.length / (this.width * BYTES_PER_PIXEL + 1));
    if (end > this.width * this.height) return undefined;
    if (end > this.height ? rowsAvailable < this.height : end > rowsAvailable) return undefined;
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
    const rows = Math.min(this.height, Math.floor(this.raw.length / stride));
    for (let y = 0; y < rows; y += 1) {
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
