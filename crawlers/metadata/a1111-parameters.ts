import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromText,
  type GenerationMetadata,
  type GeneratorFormat,
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
const CORE_SETTINGS = new Set(['Steps', 'Sampler', 'Seed', 'CFG scale', 'Size']);

export function parseA1111Parameters(text: string): A1111Parameters {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const settings = parseSettingsLine(lines.at(-1) ?? '');
  const bodyLines = settings ? lines.slice(0, -1) : lines;

  const promptLines: string[] = [];
  const negativeLines: string[] = [];
  let inNegative = false;
  for (const rawLine of bodyLines) {
    let line = rawLine.trim();
    if (!inNegative && line.startsWith(NEGATIVE_PROMPT_LABEL)) {
      inNegative = true;
      line = line.slice(NEGATIVE_PROMPT_LABEL.length).trim();
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

/** The record for a parsed parameters text; `generator` names where the text came from. */
export function a1111GenerationMetadata(parsed: A1111Parameters, generator: GeneratorFormat = 'a1111'): GenerationMetadata {
  const params: [string, RawParamValue][] = [...Object.entries(parsed.params), ...parsed.extra];
  return buildGenerationMetadata({
    generator,
    prompt: parsed.prompt,
    negativePrompt: parsed.negativePrompt,
    model: parsed.model,
    params,
  });
}

function applySetting(parsed: A1111Parameters, label: string, value: string): void {
  // Unknown labels, and known ones whose value did not parse, keep their text.
  if (!applyKnownSetting(parsed, label, value) && !parsed.extra.has(label)) parsed.extra.set(label, value);
}

function applyKnownSetting(parsed: A1111Parameters, label: string, value: string): boolean {
  const { params } = parsed;
  switch (label) {
    case 'Steps':
      return setParam(params, 'steps', finiteNumber(value));
    case 'CFG scale':
      return setParam(params, 'cfgScale', finiteNumber(value));
    case 'Seed':
      return setParam(params, 'seed', seedFromText(value));
    case 'Sampler':
      return setParam(params, 'sampler', value);
    case 'Schedule type':
      return setParam(params, 'scheduler', value);
    case 'Size':
      return setParam(params, 'size', value);
    case 'Model hash':
      return setParam(params, 'modelHash', value);
    case 'Model':
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
  if (value === undefined) return false;
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
    const value = line[valueStart] === '"' ? scanQuotedValue(line, valueStart) : undefined;
    if (value) {
      pairs.push([label, value.text]);
      // Anything between the closing quote and the next comma is dropped.
      position = nextComma(line, value.end) + 1;
    } else {
      const valueEnd = nextComma(line, valueStart);
      pairs.push([label, line.slice(valueStart, valueEnd).trim()]);
      position = valueEnd + 1;
    }
    if (CORE_SETTINGS.has(label)) hasCoreSetting = true;
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
