/** Text decoding for metadata written by tools that do not always follow their format's charset. */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/**
 * UTF-8 when the bytes are valid UTF-8, else Latin-1. PNG tEXt is Latin-1 by the spec, yet
 * many generators write UTF-8 into it; Latin-1 text with accented letters is almost never
 * valid UTF-8, so trying UTF-8 first costs the spec-following writers nothing.
 */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

export function decodeUtf8(bytes: Uint8Array): string {
  return lenientUtf8.decode(bytes);
}

export function decodeLatin1(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

/** Whether `bytes` holds `ascii` at `offset`. */
export function hasAsciiAt(bytes: Uint8Array, offset: number, ascii: string): boolean {
  if (offset < 0 || offset + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i += 1) {
    if (bytes[offset + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/** Index of the first zero byte in [start, end), or -1. */
export function indexOfZero(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i += 1) {
    if (bytes[i] === 0) return i;
  }
  return -1;
}
