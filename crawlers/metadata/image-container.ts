import { hasAsciiAt } from './byte-text.ts';

export type ImageContainer = 'png' | 'jpeg' | 'webp';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The container from its magic bytes; the URL's extension and the Content-Type often lie. */
export function sniffImageContainer(bytes: Uint8Array): ImageContainer | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (hasAsciiAt(bytes, 0, 'RIFF') && hasAsciiAt(bytes, 8, 'WEBP')) return 'webp';
  return undefined;
}

export const PNG_SIGNATURE_LENGTH = PNG_SIGNATURE.length;
