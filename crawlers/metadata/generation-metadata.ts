/**
 * What a crawled image says about how it was generated, cleaned and bounded so it fits the
 * artwork record (`src/artworks/artwork-input.ts`) without further trimming.
 */
import { looksLikeJson } from './bounded-json.ts';

/** The generators a file can be attributed to; `unknown` when it is generation data from none we know. */
export const GENERATORS = [
  'a1111',
  'forge',
  'sd-next',
  'comfyui',
  'swarmui',
  'invokeai',
  'novelai',
  'fooocus',
  'ruined-fooocus',
  'easy-diffusion',
  'draw-things',
  'stability-matrix',
  'tensor-art',
  'civitai',
  'hf-space',
  'midjourney',
  'openai',
  'google',
  'unknown',
] as const;

export type Generator = (typeof GENERATORS)[number];

/** How each generator is shown on the artwork page (and stored in `params.generator`). */
export const GENERATOR_NAMES: Readonly<Record<Generator, string>> = {
  a1111: 'AUTOMATIC1111',
  forge: 'Forge',
  'sd-next': 'SD.Next',
  comfyui: 'ComfyUI',
  swarmui: 'SwarmUI',
  invokeai: 'InvokeAI',
  novelai: 'NovelAI',
  fooocus: 'Fooocus',
  'ruined-fooocus': 'RuinedFooocus',
  'easy-diffusion': 'Easy Diffusion',
  'draw-things': 'Draw Things',
  'stability-matrix': 'Stability Matrix',
  'tensor-art': 'Tensor.Art',
  civitai: 'Civitai',
  'hf-space': 'Hugging Face Space',
  midjourney: 'Midjourney',
  openai: 'OpenAI',
  google: 'Google',
  unknown: 'Unknown',
};

/** Well-known parameters get stable names; anything else keeps the label the generator used. */
export interface KnownGenerationParams {
  /** The generator's display name (GENERATOR_NAMES), so the artwork record keeps it. */
  generator?: string;
  /** A number when it fits a safe integer, else the exact digits as text. */
  seed?: number | string;
  steps?: number;
  sampler?: string;
  scheduler?: string;
  cfgScale?: number;
  /** "WIDTHxHEIGHT", as A1111 writes it. */
  size?: string;
  modelHash?: string;
  /** LoRAs as "name:weight, …", for the parameters table. */
  loras?: string;
}

export type GenerationParams = KnownGenerationParams & Record<string, string | number>;

/** A LoRA, embedding or other add-on network the generation used. */
export interface GenerationResource {
  kind: 'lora' | 'embedding' | 'other';
  name: string;
  weight?: number;
  hash?: string;
}

export interface GenerationMetadata {
  generator: Generator;
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  resources: GenerationResource[];
  /** Known parameters under their stable names, then every other field the file carried. */
  params: GenerationParams;
}

/** Limits of the artwork record; longer values are cut rather than rejected. */
export const METADATA_LIMITS = {
  promptChars: 10_000,
  modelChars: 200,
  paramKeyChars: 64,
  paramValueChars: 500,
  paramCount: 64,
  resourceCount: 32,
} as const;

// C0 and C1 controls except tab and newline: they carry no meaning in a prompt and some
// break terminals, logs or the search index.
const CONTROL_CHARACTERS = /(?![\t\n])\p{Cc}/gu;

/**
 * Normalizes newlines, drops control characters, trims the whole text (never its lines: a
 * prompt is kept as written) and caps; undefined when nothing is left.
 */
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

export interface FoundGeneration {
  generator: Generator;
  prompt?: string | undefined;
  negativePrompt?: string | undefined;
  model?: string | undefined;
  resources?: readonly GenerationResource[];
  /** Known parameters, under the KnownGenerationParams names. */
  params?: Iterable<readonly [string, RawParamValue]>;
  /** The file's other fields under their own labels, for the "all parameters" view. */
  raw?: Iterable<readonly [string, RawParamValue]>;
}

/**
 * Builds the final, bounded record from whatever a format parser found. Parsers pass raw
 * values; every string goes through the same cleaning here, and text that is JSON is never
 * taken as a prompt (a parser that failed to recognise a format must not index its JSON).
 */
export function buildGenerationMetadata(found: FoundGeneration): GenerationMetadata {
  const resources = cleanResources(found.resources ?? []);
  const params: Record<string, string | number> = {};
  let paramCount = 0;
  const add = (rawKey: string, rawValue: RawParamValue) => {
    if (paramCount >= METADATA_LIMITS.paramCount) return;
    const key = cleanMetadataText(rawKey, METADATA_LIMITS.paramKeyChars);
    const value = cleanParamValue(rawValue);
    if (key === undefined || value === undefined || Object.hasOwn(params, key)) return;
    // defineProperty so a key such as "__proto__" stays a plain data property.
    Object.defineProperty(params, key, { value, enumerable: true, writable: true, configurable: true });
    paramCount += 1;
  };
  add('generator', GENERATOR_NAMES[found.generator]);
  for (const [key, value] of found.params ?? []) add(key, value);
  add('loras', describeLoras(resources));
  for (const [key, value] of found.raw ?? []) add(key, value);

  const metadata: GenerationMetadata = { generator: found.generator, resources, params };
  const prompt = promptText(found.prompt);
  const negativePrompt = promptText(found.negativePrompt);
  const model = cleanMetadataText(found.model, METADATA_LIMITS.modelChars);
  if (prompt !== undefined) metadata.prompt = prompt;
  if (negativePrompt !== undefined) metadata.negativePrompt = negativePrompt;
  if (model !== undefined) metadata.model = model;
  return metadata;
}

function promptText(value: string | undefined): string | undefined {
  const cleaned = cleanMetadataText(value, METADATA_LIMITS.promptChars);
  return cleaned === undefined || looksLikeJson(cleaned) ? undefined : cleaned;
}

function cleanParamValue(value: RawParamValue): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return cleanMetadataText(value, METADATA_LIMITS.paramValueChars);
}

function cleanResources(resources: readonly GenerationResource[]): GenerationResource[] {
  const kept: GenerationResource[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    if (kept.length >= METADATA_LIMITS.resourceCount) break;
    const name = cleanMetadataText(resource.name, METADATA_LIMITS.modelChars);
    if (name === undefined || seen.has(`${resource.kind}\0${name}`)) continue;
    seen.add(`${resource.kind}\0${name}`);
    const cleaned: GenerationResource = { kind: resource.kind, name };
    if (resource.weight !== undefined && Number.isFinite(resource.weight)) cleaned.weight = resource.weight;
    const hash = cleanMetadataText(resource.hash, 100);
    if (hash !== undefined) cleaned.hash = hash;
    kept.push(cleaned);
  }
  return kept;
}

function describeLoras(resources: readonly GenerationResource[]): string | undefined {
  const loras = resources.filter((resource) => resource.kind === 'lora');
  if (loras.length === 0) return undefined;
  return loras.map((lora) => (lora.weight === undefined ? lora.name : `${lora.name}:${lora.weight}`)).join(', ');
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

/** "WIDTHxHEIGHT" from two values that are numbers (or numeric text), else undefined. */
export function sizeFrom(width: unknown, height: unknown): string | undefined {
  const w = finiteNumber(width);
  const h = finiteNumber(height);
  return w !== undefined && h !== undefined && w > 0 && h > 0 ? `${w}x${h}` : undefined;
}

/** "WIDTHxHEIGHT" from text such as "1024 x 1024", "(832, 1216)" or "1024*768 (square)". */
export function sizeFromText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /(\d{2,5})\s{0,3}[x×*,]\s{0,3}(\d{2,5})/.exec(value.slice(0, 200));
  return match ? sizeFrom(match[1], match[2]) : undefined;
}
