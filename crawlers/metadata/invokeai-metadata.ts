import { isJsonObject, parseJsonObject } from './bounded-json.ts';
import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromJson,
  seedFromText,
  sizeFrom,
  type GenerationMetadata,
  type GenerationResource,
} from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';
import { entryText, type TextEntry } from './metadata-entries.ts';

/**
 * InvokeAI, in the three layouts it has used:
 * - `invokeai_metadata` (3.x and later): JSON with positive_prompt, negative_prompt, model
 *   {name|model_name, hash}, seed, steps, cfg_scale, scheduler, width, height, loras;
 * - `sd-metadata` (2.x): JSON with model_weights, model_hash and `image` {prompt (text or
 *   [{prompt, weight}]), steps, cfg_scale, seed, sampler, width, height}; the negative prompt
 *   is the `[bracketed]` part of the prompt;
 * - `Dream` (1.x): a command line, `"prompt [negative]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms`.
 */
export function parseInvokeAiEntries(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const current = parseJsonObject(entryText(entries, 'invokeai_metadata'));
  if (current) return parseInvokeAiMetadata(current);
  const legacy = parseJsonObject(entryText(entries, 'sd-metadata'));
  if (legacy) return parseLegacySdMetadata(legacy);
  const dream = entryText(entries, 'Dream');
  return dream === undefined ? undefined : parseDreamCommand(dream);
}

export function parseInvokeAiMetadata(json: JsonObject): GenerationMetadata {
  const model = isJsonObject(json['model']) ? json['model'] : {};
  return buildGenerationMetadata({
    generator: 'invokeai',
    prompt: jsonText(json, 'positive_prompt'),
    negativePrompt: jsonText(json, 'negative_prompt'),
    model: jsonText(model, 'name', 'model_name') ?? jsonText(json, 'model'),
    resources: invokeAiLoras(json['loras']),
    params: [
      ['seed', seedFromJson(json['seed'])],
      ['steps', finiteNumber(json['steps'])],
      ['cfgScale', finiteNumber(json['cfg_scale'])],
      ['scheduler', jsonText(json, 'scheduler')],
      ['size', sizeFrom(json['width'], json['height'])],
      ['modelHash', jsonText(model, 'hash')],
    ],
    raw: rawScalarFields(json, ['positive_prompt', 'negative_prompt', 'seed', 'steps', 'cfg_scale', 'scheduler', 'width', 'height']),
  });
}

function invokeAiLoras(value: unknown): GenerationResource[] {
  if (!Array.isArray(value)) return [];
  const loras: GenerationResource[] = [];
  for (const item of (value as unknown[]).slice(0, 32)) {
    if (!isJsonObject(item)) continue;
    const model = [item['model'], item['lora']].find(isJsonObject);
    const name = model && jsonText(model, 'name', 'model_name');
    if (name === undefined) continue;
    const weight = finiteNumber(item['weight']);
    loras.push(weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight });
  }
  return loras;
}

function parseLegacySdMetadata(json: JsonObject): GenerationMetadata {
  const image = isJsonObject(json['image']) ? json['image'] : {};
  const promptValue = image['prompt'];
  const promptText = Array.isArray(promptValue)
    ? (promptValue as unknown[])
        .map((part) => (isJsonObject(part) ? jsonText(part, 'prompt') : undefined))
        .filter((part): part is string => part !== undefined)
        .join(' ')
    : typeof promptValue === 'string'
      ? promptValue
      : '';
  const { prompt, negativePrompt } = splitBracketedNegative(promptText);
  return buildGenerationMetadata({
    generator: 'invokeai',
    prompt,
    negativePrompt,
    model: jsonText(json, 'model_weights'),
    params: [
      ['seed', seedFromJson(image['seed'])],
      ['steps', finiteNumber(image['steps'])],
      ['cfgScale', finiteNumber(image['cfg_scale'])],
      ['sampler', jsonText(image, 'sampler')],
      ['size', sizeFrom(image['width'], image['height'])],
      ['modelHash', jsonText(json, 'model_hash')],
    ],
    raw: [...rawScalarFields(json, ['model_weights', 'model_hash']), ...rawScalarFields(image, ['prompt', 'seed', 'steps', 'cfg_scale', 'sampler', 'width', 'height'])],
  });
}

const DREAM_OPTIONS: Readonly<Record<string, string>> = { s: 'steps', S: 'seed', W: 'width', H: 'height', C: 'cfg', A: 'sampler', m: 'model' };

function parseDreamCommand(command: string): GenerationMetadata | undefined {
  const text = command.slice(0, 20_000).trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(text);
  if (!quoted) return undefined;
  const options = new Map<string, string>();
  for (const match of text.slice(quoted[0].length).matchAll(/(?:^|\s)-([a-zA-Z])\s{1,4}(\S{1,200})/g)) {
    const name = DREAM_OPTIONS[match[1]!];
    if (name !== undefined && !options.has(name)) options.set(name, match[2]!);
  }
  const { prompt, negativePrompt } = splitBracketedNegative(quoted[1]!.replace(/\\(.)/g, '$1'));
  return buildGenerationMetadata({
    generator: 'invokeai',
    prompt,
    negativePrompt,
    model: options.get('model'),
    params: [
      ['seed', seedFromText(options.get('seed'))],
      ['steps', finiteNumber(options.get('steps'))],
      ['cfgScale', finiteNumber(options.get('cfg'))],
      ['sampler', options.get('sampler')],
      ['size', sizeFrom(options.get('width'), options.get('height'))],
    ],
  });
}

/** Old InvokeAI writes the negative prompt inside the prompt, in square brackets. */
function splitBracketedNegative(text: string): { prompt: string; negativePrompt: string } {
  const negatives: string[] = [];
  const prompt = text.replace(/\[([^[\]]{0,5000})\]/g, (_match, inner: string) => {
    negatives.push(inner.trim());
    return '';
  });
  return { prompt: prompt.replace(/\s{2,}/g, ' ').trim(), negativePrompt: negatives.filter(Boolean).join(', ') };
}
