import { createHash } from 'node:crypto';
import sharp, { type FormatEnum, type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { PayloadTooLargeError, UnprocessableMediaError } from '../errors.ts';
import type { MediaLimits } from './media-limits.ts';
import { PHASH_INPUT_SIDE, perceptualHash } from './perceptual-hash.ts';

const PREVIEW_MAX_SIDE = 1280;
const THUMBNAIL_WIDTH = 400;
/** thumbhash accepts at most 100×100 pixels. */
const PLACEHOLDER_MAX_SIDE = 100;
const WEBP_QUALITY = 80;

/** sharp's decoder name → the format we accept and report. AVIF is read by the heif decoder. */
const ACCEPTED_FORMATS: Partial<Record<keyof FormatEnum, string>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  heif: 'avif',
  tiff: 'tiff',
};

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** SHA-256 (hex) of the original input bytes: identifies the source file. */
  sha256: string;
  /** DCT perceptual hash, signed 64-bit so it fits a PostgreSQL bigint. */
  phash: bigint;
  /** thumbhash, base64: a blurred stand-in the page shows while the thumbnail loads. */
  placeholder: string;
  /** Dimensions of the original once its EXIF orientation is applied. */
  width: number;
  height: number;
  /** The sniffed input format: jpeg, png, webp, gif, avif or tiff. */
  format: string;
  /** WebP, 400 px wide (never enlarged). */
  thumbnail: EncodedImage;
  /** WebP, at most 1280 px on the long side (never enlarged). */
  preview: EncodedImage;
}

/** Pixels decoded once, already oriented, sRGB and at preview size; every derivative starts here. */
interface DecodedImage {
  pixels: Buffer;
  raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/**
 * Turns untrusted image bytes into the derivatives the site serves. The header is checked
 * before any pixel is decoded; the pixels are then decoded once (Immich's approach) and
 * every output is derived from that buffer. Outputs carry no metadata at all (no EXIF,
 * GPS, ICC or XMP) because they are encoded from raw pixels.
 */
export async function processImage(input: Buffer, limits: MediaLimits): Promise<ProcessedImage> {
  if (input.byteLength > limits.maxInputBytes) {
    throw new PayloadTooLargeError(`The image is ${formatMiB(input.byteLength)}; the limit is ${formatMiB(limits.maxInputBytes)}`);
  }
  const metadata = await readHeader(input);
  const format = acceptedFormat(metadata);
  assertWithinPixelLimit(metadata, limits.maxPixels);

  const decoded = await decodeAtPreviewSize(input, limits.maxPixels);
  const [preview, thumbnail, placeholder, phash] = await Promise.all([
    encodeWebp(fromDecoded(decoded)),
    encodeWebp(fromDecoded(decoded).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })),
    placeholderOf(decoded),
    perceptualHashOf(decoded),
  ]);
  return {
    sha256: createHash('sha256').update(input).digest('hex'),
    phash,
    placeholder,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    format,
    thumbnail,
    preview,
  };
}

/**
 * Reads only the header: format and declared dimensions, no pixels. sharp's pixel limit is
 * lifted here (nothing is decoded) so that assertWithinPixelLimit can say what is wrong.
 */
async function readHeader(input: Buffer): Promise<Metadata> {
  try {
    return await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    throw unprocessable('The file is not an image in a supported format (JPEG, PNG, WebP, GIF, AVIF or TIFF)', error);
  }
}

function acceptedFormat(metadata: Metadata): string {
  const format = ACCEPTED_FORMATS[metadata.format];
  // HEIC shares the heif decoder with AVIF; only AV1-compressed files are AVIF.
  const isHeicNotAvif = metadata.format === 'heif' && metadata.compression !== 'av1';
  if (!format || isHeicNotAvif) {
    throw new UnprocessableMediaError(
      `Images in ${metadata.format.toUpperCase()} format are not accepted; use JPEG, PNG, WebP, GIF, AVIF or TIFF`,
    );
  }
  return format;
}

/** A few bytes can declare billions of pixels: refuse from the header, before decoding. */
function assertWithinPixelLimit(metadata: Metadata, maxPixels: number): void {
  // Multi-page files (GIF, TIFF) report the stacked height; only the first page is decoded.
  const pixels = metadata.width * (metadata.pageHeight ?? metadata.height);
  if (pixels > maxPixels) {
    throw new UnprocessableMediaError(
      `The image is ${metadata.width}×${metadata.height} pixels (${formatMegapixels(pixels)}); the limit is ${formatMegapixels(maxPixels)}`,
    );
  }
}

async function decodeAtPreviewSize(input: Buffer, maxPixels: number): Promise<DecodedImage> {
  // 'error' aborts on truncated or corrupt pixel data yet tolerates the harmless warnings common
  // in files from the wild. sharp's pixel limit backs up assertWithinPixelLimit.
  const options: SharpOptions = { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true };
  try {
    const { data, info } = await sharp(input, options)
      .resize({ width: PREVIEW_MAX_SIDE, height: PREVIEW_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { pixels: data, raw: { width: info.width, height: info.height, channels: info.channels } };
  } catch (error) {
    throw unprocessable('The image could not be decoded: it is truncated or corrupt', error);
  }
}

function fromDecoded(decoded: DecodedImage): Sharp {
  return sharp(decoded.pixels, { raw: decoded.raw });
}

async function encodeWebp(image: Sharp): Promise<EncodedImage> {
  const { data, info } = await image.webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function placeholderOf(decoded: DecodedImage): Promise<string> {
  const { data, info } = await fromDecoded(decoded)
    .resize({ width: PLACEHOLDER_MAX_SIDE, height: PLACEHOLDER_MAX_SIDE, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}

async function perceptualHashOf(decoded: DecodedImage): Promise<bigint> {
  // Transparent areas hash as white, whatever colour their hidden pixels carry.
  const luma = await fromDecoded(decoded)
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize({ width: PHASH_INPUT_SIDE, height: PHASH_INPUT_SIDE, fit: 'fill' })
    .raw()
    .toBuffer();
  return perceptualHash(luma);
}

function unprocessable(message: string, cause: unknown): UnprocessableMediaError {
  const error = new UnprocessableMediaError(message);
  error.cause = cause; // keeps libvips' own words for the log, out of the client's message
  return error;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function formatMegapixels(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(1)} megapixels`;
}
