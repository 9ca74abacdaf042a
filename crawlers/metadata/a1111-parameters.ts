import { parseBoundedJson } from './bounded-json.ts';
import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromText,
  type GenerationMetadata,
  type GenerationResource,
  type Generator,
  type KnownGenerationParams,
  type RawParamValue,
} from './generation-metadata.ts';

/**
 * AUTOMATIC1111 / Forge "parameters" text:
 *
 *     prompt, possibly over several lines
 *     Negative prompt: negative, possibly over several lines
 *     Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x768, Lora hashes: "a: 1, b: 2"
 *
 * The settings line is read by a hand-written scanner, one pass, no regex over the whole input.
 * Prompt lines are kept as written (trailing spaces included); only the whole text is trimmed.
 */
export interface A1111Parameters {
  prompt: string;
  negativePrompt?: string;
  /** Whether the last line held the settings; without it the text is just a prompt. */
  hasSettingsLine: boolean;
  model?: string;
  params: KnownGenerationParams;
  /** Settings without a well-known name, by their label ("Lora hashes", "Version"). */
  extra: Map<string, string>;
}

const NEGATIVE_PROMPT_LABEL = 'Negative prompt:';
const MAX_LABEL_CHARS = 64;
const MAX_SETTINGS = 256;
/** A line counts as settings when it has this many well-formed pairs, one of them a core setting. */
const MIN_SETTINGS = 3;
const CORE_SETTINGS = new Set(['steps', 'sampler', 'seed', 'cfg scale', 'size']);

export function parseA1111Parameters(text: string): A1111Parameters {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const settings = parseSettingsLine(lines.at(-1) ?? '');
  const bodyLines = settings ? lines.slice(0, -1) : lines;

  const promptLines: string[] = [];
  const negativeLines: string[] = [];
  let inNegative = false;
  for (const line of bodyLines) {
    if (!inNegative && line.startsWith(NEGATIVE_PROMPT_LABEL)) {
      inNegative = true;
      negativeLines.push(line.slice(NEGATIVE_PROMPT_LABEL.length).replace(/^ /, ''));
      continue;
    }
    (inNegative ? negativeLines : promptLines).push(line);
  }

  const parsed: A1111Parameters = {
    prompt: promptLines.join('\n').trim(),
    hasSettingsLine: settings !== undefined,
    params: {},
    extra: new Map(),
  };
  const negativePrompt = negativeLines.join('\n').trim();
  if (negativePrompt !== '') parsed.negativePrompt = negativePrompt;
  for (const [label, value] of settings ?? []) applySetting(parsed, label, value);
  return parsed;
}

/** Which tool wrote A1111-style text, from the fields forks and services add to it. */
export function a1111Generator(parsed: A1111Parameters): Generator {
  const version = parsed.extra.get('Version') ?? '';
  if (/^f\d/.test(version) || version.startsWith('neo')) return 'forge';
  if (version === 'ComfyUI') return 'comfyui';
  if (/^Fooocus/i.test(version)) return 'fooocus';
  if (parsed.extra.get('App') === 'SD.Next') return 'sd-next';
  if (parsed.extra.has('Civitai resources') || parsed.extra.has('Civitai metadata')) return 'civitai';
  if (parsed.model !== undefined && isTensorArtModelId(parsed.model)) return 'tensor-art';
  return 'a1111';
}

/** Tensor.Art names models by an id ("EMS-123456-EMS") instead of a file name. */
export function isTensorArtModelId(model: string): boolean {
  return /^EMS-\d{1,20}-EMS/.test(model);
}

/** The record for a parsed parameters text; `generator` defaults to what the text itself says. */
export function a1111GenerationMetadata(parsed: A1111Parameters, generator: Generator = a1111Generator(parsed)): GenerationMetadata {
  return buildGenerationMetadata({
    generator,
    prompt: placeholderFree(parsed.prompt),
    negativePrompt: placeholderFree(parsed.negativePrompt),
    model: parsed.model,
    resources: a1111Resources(parsed),
    params: Object.entries(parsed.params) as [string, RawParamValue][],
    raw: parsed.extra,
  });
}

/** "unknown" or "none" is what a saver writes when it had no prompt: never index it as one. */
function placeholderFree(text: string | undefined): string | undefined {
  const lower = text?.trim().toLowerCase();
  return lower === 'unknown' || lower === 'none' ? undefined : text;
}

/**
 * The text a ComfyUI saver writes from its own unconnected widgets ("unknown" prompt, seed 0,
 * 512×512) instead of what ran: with the real graph next to it, the graph is the truth.
 */
export function isPlaceholderA1111(parsed: A1111Parameters): boolean {
  const prompt = parsed.prompt.trim().toLowerCase();
  if (prompt === '' || prompt === 'unknown' || prompt === 'none') return true;
  return parsed.params.seed === 0 && parsed.params.size === '512x512';
}

const LORA_TAG = /<(lora|lyco):([^:<>\n]{1,200})(?::(-?\d{1,3}(?:\.\d{1,6})?))?[^<>\n]{0,50}>/g;

/** LoRAs named in the prompt (`<lora:name:0.8>`), with hashes from "Lora hashes" where given. */
export function a1111Resources(parsed: A1111Parameters): GenerationResource[] {
  const hashes = new Map<string, string>();
  for (const pair of (parsed.extra.get('Lora hashes') ?? '').split(',').slice(0, 64)) {
    const colon = pair.lastIndexOf(':');
    if (colon > 0) hashes.set(pair.slice(0, colon).trim(), pair.slice(colon + 1).trim());
  }
  const resources: GenerationResource[] = [];
  for (const match of parsed.prompt.slice(0, 20_000).matchAll(LORA_TAG)) {
    const name = match[2]!.trim();
    const lora: GenerationResource = { kind: 'lora', name };
    const weight = finiteNumber(match[3]);
    if (weight !== undefined) lora.weight = weight;
    const hash = hashes.get(name);
    if (hash) lora.hash = hash;
    resources.push(lora);
  }
  for (const [name, hash] of hashes) {
    if (!resources.some((resource) => resource.name === name)) resources.push({ kind: 'lora', name, hash });
  }
  resources.push(...civitaiResources(parsed.extra.get('Civitai resources')));
  return resources;
}

/** Civitai's generator lists its resources as a JSON array in the settings line. */
function civitaiResources(text: string | undefined): GenerationResource[] {
  const list = text === undefined ? undefined : parseBoundedJson(text, 100_000);
  if (!Array.isArray(list)) return [];
  const resources: GenerationResource[] = [];
  for (const item of list.slice(0, 32) as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { type, modelName, weight } = item as Record<string, unknown>;
    if (typeof modelName !== 'string' || type === 'checkpoint') continue;
    const kind = type === 'lora' || type === 'lycoris' ? 'lora' : type === 'embed' ? 'embedding' : 'other';
    const resource: GenerationResource = { kind, name: modelName };
    const numericWeight = finiteNumber(weight);
    if (numericWeight !== undefined) resource.weight = numericWeight;
    resources.push(resource);
  }
  return resources;
}

function applySetting(parsed: A1111Parameters, label: string, value: string): void {
  // Unknown labels, and known ones whose value did not parse, keep their text.
  if (!applyKnownSetting(parsed, label, value) && !parsed.extra.has(label)) parsed.extra.set(label, value);
}

/** Labels compared without case: writers differ ("CFG scale", "CFG Scale"). */
function applyKnownSetting(parsed: A1111Parameters, label: string, value: string): boolean {
  const { params } = parsed;
  switch (label.toLowerCase()) {
    case 'steps':
      return setParam(params, 'steps', finiteNumber(value));
    case 'cfg scale':
      return setParam(params, 'cfgScale', finiteNumber(value));
    case 'seed':
      return setParam(params, 'seed', seedFromText(value));
    case 'sampler':
      return setParam(params, 'sampler', value);
    case 'schedule type':
    case 'scheduler':
      return setParam(params, 'scheduler', value);
    case 'size':
      return setParam(params, 'size', value);
    case 'model hash':
      return setParam(params, 'modelHash', value);
    case 'model':
      parsed.model = value;
      return true;
    default:
      return false;
  }
}

function setParam<K extends keyof KnownGenerationParams>(
  params: KnownGenerationParams,
  key: K,
  value: KnownGenerationParams[K] | undefined,
): boolean {
  if (value === undefined || params[key] !== undefined) return false;
  params[key] = value;
  return true;
}

/**
 * `Label: value, Label: "quoted, value", …` → pairs, or undefined when the line does not look
 * like a settings line. Segments that do not parse are skipped up to the next comma.
 */
function parseSettingsLine(line: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  let hasCoreSetting = false;
  let position = 0;
  while (position < line.length && pairs.length < MAX_SETTINGS) {
    position = skipSpaces(line, position);
    const labelEnd = scanLabel(line, position);
    if (labelEnd === undefined) {
      position = nextComma(line, position) + 1;
      continue;
    }
    const label = line.slice(position, labelEnd).trim();
    const valueStart = skipSpaces(line, labelEnd + 1);
    const opening = line[valueStart];
    const value =
      opening === '"' ? scanQuotedValue(line, valueStart) : opening === '[' || opening === '{' ? scanBracketedValue(line, valueStart) : undefined;
    if (value) {
      pairs.push([label, value.text]);
      // Anything between the closing quote and the next comma is dropped.
      position = nextComma(line, value.end) + 1;
    } else {
      const valueEnd = nextComma(line, valueStart);
      pairs.push([label, line.slice(valueStart, valueEnd).trim()]);
      position = valueEnd + 1;
    }
    if (CORE_SETTINGS.has(label.toLowerCase())) hasCoreSetting = true;
  }
  return pairs.length >= MIN_SETTINGS && hasCoreSetting ? pairs : undefined;
}

/** End of a label (the index of its ':'), or undefined when none starts here. */
function scanLabel(line: string, start: number): number | undefined {
  const first = line.charCodeAt(start);
  if (!isLabelStart(first)) return undefined;
  const limit = Math.min(line.length, start + MAX_LABEL_CHARS + 1);
  for (let i = start + 1; i < limit; i += 1) {
    const char = line[i];
    if (char === ':') return i;
    if (char === ',' || char === '"') return undefined;
  }
  return undefined;
}

function isLabelStart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

/** A JSON-style quoted value (A1111 writes them with json.dumps): text without quotes, escapes undone. */
function scanQuotedValue(line: string, quoteStart: number): { text: string; end: number } | undefined {
  for (let i = quoteStart + 1; i < line.length; i += 1) {
    const char = line[i];
    if (char === '\\') {
      i += 1;
    } else if (char === '"') {
      const quoted = line.slice(quoteStart, i + 1);
      return { text: unquote(quoted), end: i + 1 };
    }
  }
  return undefined;
}

/** A JSON array or object value (Civitai's resource list): up to its matching bracket, strings respected. */
function scanBracketedValue(line: string, start: number): { text: string; end: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i += 1) {
    const char = line[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth += 1;
    } else if (char === ']' || char === '}') {
      depth -= 1;
      if (depth === 0) return { text: line.slice(start, i + 1), end: i + 1 };
    }
  }
  return undefined;
}

function unquote(quoted: string): string {
  try {
    const value: unknown = JSON.parse(quoted);
    if (typeof value === 'string') return value;
  } catch {
    // Not valid JSON escapes: keep the text between the quotes as written.
  }
  return quoted.slice(1, -1);
}

function skipSpaces(line: string, position: number): number {
  let i = position;
  while (line[i] === ' ' || line[i] === '\t') i += 1;
  return i;
}

function nextComma(line: string, position: number): number {
  const comma = line.indexOf(',', position);
  return comma < 0 ? line.length : comma;
}
