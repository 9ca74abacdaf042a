import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { checkImageInput, decodeOptions, unprocessable } from './image-input.ts';
import type { MediaLimits } from './media-limits.ts';
import { PHASH_INPUT_SIDE, perceptualHash } from './perceptual-hash.ts';

const PREVIEW_MAX_SIDE = 1280;
const THUMBNAIL_WIDTH = 400;
/** thumbhash accepts at most 100×100 pixels. */
const PLACEHOLDER_MAX_SIDE = 100;
const WEBP_QUALITY = 80;

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
  const { metadata, format } = await checkImageInput(input, limits);
  const decoded = await decodeAtPreviewSize(input, limits);
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

async function decodeAtPreviewSize(input: Buffer, limits: MediaLimits): Promise<DecodedImage> {
  try {
    const { data, info } = await sharp(input, decodeOptions(limits))
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
