import sharp, { type FormatEnum, type Metadata, type SharpOptions } from 'sharp';
import { PayloadTooLargeError, UnprocessableMediaError } from '../errors.ts';
import type { MediaLimits } from './media-limits.ts';

/** sharp's decoder name → the format we accept and report. AVIF is read by the heif decoder. */
const ACCEPTED_FORMATS: Partial<Record<keyof FormatEnum, string>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  heif: 'avif',
  tiff: 'tiff',
};
const ACCEPTED_NAMES = 'JPEG, PNG, WebP, GIF, AVIF or TIFF';

export interface CheckedImage {
  metadata: Metadata;
  /** The sniffed input format: jpeg, png, webp, gif, avif or tiff. */
  format: string;
}

/**
 * The gate every untrusted image passes before a pixel is decoded, whatever it becomes: size in
 * bytes, format from the header, and declared pixels (decompression bombs). `field` names the
 * input at fault in the error, when the image came in one.
 */
export async function checkImageInput(input: Buffer, limits: MediaLimits, field?: string): Promise<CheckedImage> {
  if (input.byteLength > limits.maxInputBytes) {
    throw new PayloadTooLargeError(`The image is ${formatMiB(input.byteLength)}; the limit is ${formatMiB(limits.maxInputBytes)}`, field);
  }
  const metadata = await readHeader(input, field);
  const format = acceptedFormat(metadata, field);
  assertWithinPixelLimit(metadata, limits.maxPixels, field);
  return { metadata, format };
}

/**
 * Options for decoding checked input: 'error' aborts on truncated or corrupt pixel data yet
 * tolerates the harmless warnings common in files from the wild; sharp's own pixel limit backs up
 * the header check; EXIF orientation is applied.
 */
export function decodeOptions(limits: MediaLimits): SharpOptions {
  return { failOn: 'error', limitInputPixels: limits.maxPixels, autoOrient: true };
}

export function unprocessable(message: string, cause: unknown, field?: string): UnprocessableMediaError {
  const error = new UnprocessableMediaError(message, field);
  error.cause = cause; // keeps libvips' own words for the log, out of the client's message
  return error;
}

/**
 * Reads only the header: format and declared dimensions, no pixels. sharp's pixel limit is
 * lifted here (nothing is decoded) so that assertWithinPixelLimit can say what is wrong.
 */
async function readHeader(input: Buffer, field: string | undefined): Promise<Metadata> {
  try {
    return await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    throw unprocessable(`The file is not an image in a supported format (${ACCEPTED_NAMES})`, error, field);
  }
}

function acceptedFormat(metadata: Metadata, field: string | undefined): string {
  const format = ACCEPTED_FORMATS[metadata.format];
  // HEIC shares the heif decoder with AVIF; only AV1-compressed files are AVIF.
  const isHeicNotAvif = metadata.format === 'heif' && metadata.compression !== 'av1';
  if (!format || isHeicNotAvif) {
    throw new UnprocessableMediaError(`Images in ${metadata.format.toUpperCase()} format are not accepted; use ${ACCEPTED_NAMES}`, field);
  }
  return format;
}

/** A few bytes can declare billions of pixels: refuse from the header, before decoding. */
function assertWithinPixelLimit(metadata: Metadata, maxPixels: number, field: string | undefined): void {
  // Multi-page files (GIF, TIFF) report the stacked height; only the first page is decoded.
  const pixels = metadata.width * (metadata.pageHeight ?? metadata.height);
  if (pixels > maxPixels) {
    throw new UnprocessableMediaError(
      `The image is ${metadata.width}×${metadata.height} pixels (${formatMegapixels(pixels)}); the limit is ${formatMegapixels(maxPixels)}`,
      field,
    );
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function formatMegapixels(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(1)} megapixels`;
}
