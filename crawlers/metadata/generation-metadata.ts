/**
 * What a crawled image says about how it was generated, cleaned and bounded so it fits the
 * artwork record (`src/artworks/artwork-input.ts`) without further trimming.
 */

export type GeneratorFormat = 'a1111' | 'comfyui' | 'novelai' | 'exif' | 'xmp';

/** Well-known parameters get stable names; anything else keeps the label the generator used. */
export interface KnownGenerationParams {
  /** A number when it fits a safe integer, else the exact digits as text. */
  seed?: number | string;
  steps?: number;
  sampler?: string;
  scheduler?: string;
  cfgScale?: number;
  /** "WIDTHxHEIGHT", as A1111 writes it. */
  size?: string;
  modelHash?: string;
}

export type GenerationParams = KnownGenerationParams & Record<string, string | number>;

export interface GenerationMetadata {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  params: GenerationParams;
  generator: GeneratorFormat;
}

/** Limits of the artwork record; longer values are cut rather than rejected. */
export const METADATA_LIMITS = {
  promptChars: 10_000,
  modelChars: 200,
  paramKeyChars: 64,
  paramValueChars: 500,
  paramCount: 64,
} as const;

// C0 and C1 controls except tab and newline: they carry no meaning in a prompt and some
// break terminals, logs or the search index.
const CONTROL_CHARACTERS = /(?![\t\n])\p{Cc}/gu;

/** Normalizes newlines, drops control characters, trims and caps; undefined when nothing is left. */
export function cleanMetadataText(value: string | undefined, maxChars: number): string | undefined {
  if (value === undefined) return undefined;
  // Only the head survives the cap, so there is no point cleaning megabytes of tail.
  const head = value.length > maxChars * 2 + 64 ? value.slice(0, maxChars * 2 + 64) : value;
  const cleaned = head.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').trim();
  if (cleaned === '') return undefined;
  return cutAtCharBoundary(cleaned, maxChars).trimEnd();
}

/** Slices to at most `maxChars` UTF-16 units without leaving half a surrogate pair behind. */
function cutAtCharBoundary(value: string, maxChars: number): string {
  if (value.length <= maxChars) return value;
  const lastKept = value.charCodeAt(maxChars - 1);
  const endsInHighSurrogate = lastKept >= 0xd800 && lastKept <= 0xdbff;
  return value.slice(0, endsInHighSurrogate ? maxChars - 1 : maxChars);
}

export type RawParamValue = string | number | undefined;

/**
 * Builds the final, bounded record from whatever a format parser found. Parsers pass raw
 * values; every string goes through the same cleaning here.
 */
export function buildGenerationMetadata(found: {
  generator: GeneratorFormat;
  prompt?: string | undefined;
  negativePrompt?: string | undefined;
  model?: string | undefined;
  params?: Iterable<readonly [string, RawParamValue]>;
}): GenerationMetadata {
  const params: Record<string, string | number> = {};
  let paramCount = 0;
  for (const [rawKey, rawValue] of found.params ?? []) {
    if (paramCount >= METADATA_LIMITS.paramCount) break;
    const key = cleanMetadataText(rawKey, METADATA_LIMITS.paramKeyChars);
    const value = cleanParamValue(rawValue);
    if (key === undefined || value === undefined || Object.hasOwn(params, key)) continue;
    // defineProperty so a key such as "__proto__" stays a plain data property.
    Object.defineProperty(params, key, { value, enumerable: true, writable: true, configurable: true });
    paramCount += 1;
  }
  const metadata: GenerationMetadata = { params, generator: found.generator };
  const prompt = cleanMetadataText(found.prompt, METADATA_LIMITS.promptChars);
  const negativePrompt = cleanMetadataText(found.negativePrompt, METADATA_LIMITS.promptChars);
  const model = cleanMetadataText(found.model, METADATA_LIMITS.modelChars);
  if (prompt !== undefined) metadata.prompt = prompt;
  if (negativePrompt !== undefined) metadata.negativePrompt = negativePrompt;
  if (model !== undefined) metadata.model = model;
  return metadata;
}

function cleanParamValue(value: RawParamValue): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return cleanMetadataText(value, METADATA_LIMITS.paramValueChars);
}

/** A seed as a number when exact, else its digits; JSON seeds past 2^53 are already inexact, so dropped. */
export function seedFromText(text: string | undefined): number | string | undefined {
  if (text === undefined || !/^-?\d{1,40}$/.test(text)) return undefined;
  const seed = Number(text);
  return Number.isSafeInteger(seed) ? seed : text;
}

export function seedFromJson(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string') return seedFromText(value.trim());
  return undefined;
}

/** A finite number from a JSON or text value, or undefined. */
export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s{0,4}-?\d{1,20}(\.\d{1,20})?\s{0,4}$/.test(value)) return undefined;
  return Number(value);
}

/** A non-empty string from a JSON value, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
