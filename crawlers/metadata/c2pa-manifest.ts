import { decodeLatin1, hasAsciiAt } from './byte-text.ts';
import type { Generator } from './generation-metadata.ts';

/**
 * Content Credentials (C2PA): a JUMBF superbox (`jumb`, described by a `jumd` box labelled
 * "c2pa") in PNG `caBX`, JPEG APP11 or WebP `C2PA`. The manifest carries no prompt. It is
 * read only for whether it declares the image generated (IPTC digital source type
 * "trainedAlgorithmicMedia") and which company's tool signed the claim; camera and editor
 * manifests say neither and are not generation metadata.
 */
const MAX_SCANNED_BYTES = 1024 * 1024;

function isC2paJumbf(bytes: Uint8Array): boolean {
  return hasAsciiAt(bytes, 4, 'jumb') && hasAsciiAt(bytes, 12, 'jumd') && decodeLatin1(bytes.subarray(0, 64)).includes('c2pa');
}

export function generatorFromC2pa(jumbf: Uint8Array): Generator | undefined {
  if (!isC2paJumbf(jumbf)) return undefined;
  const text = decodeLatin1(jumbf.subarray(0, MAX_SCANNED_BYTES));
  if (!text.includes('trainedAlgorithmicMedia')) return undefined;
  if (/OpenAI|ChatGPT|DALL[-·]?E/.test(text)) return 'openai';
  if (/Google|Gemini|Imagen/.test(text)) return 'google';
  return 'unknown';
}
