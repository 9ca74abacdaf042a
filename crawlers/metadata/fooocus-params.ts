import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromJson,
  sizeFrom,
  sizeFromText,
  type GenerationMetadata,
  type GenerationResource,
} from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';

/**
 * Fooocus with its own metadata scheme: JSON in PNG `parameters` (with a `fooocus_scheme`
 * chunk saying "fooocus") or EXIF UserComment: prompt, negative_prompt, base_model, sampler,
 * scheduler, seed (as text), steps, guidance_scale, resolution "(1024, 1024)",
 * `lora_combined_N` "name : weight", version "Fooocus v2.5.5".
 */
export function isFooocusJson(json: JsonObject, scheme: string | undefined): boolean {
  const version = jsonText(json, 'version') ?? '';
  return (
    scheme?.trim() === 'fooocus' ||
    json['metadata_scheme'] === 'fooocus' ||
    /^Fooocus/i.test(version) ||
    (typeof json['prompt'] === 'string' && typeof json['base_model'] === 'string')
  );
}

export function parseFooocusParams(json: JsonObject): GenerationMetadata {
  const loras: GenerationResource[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!/^lora_combined_\d{1,2}$/.test(key) || typeof value !== 'string') continue;
    const lora = loraFromText(value, ' : ');
    if (lora) loras.push(lora);
  }
  return buildGenerationMetadata({
    generator: 'fooocus',
    prompt: jsonText(json, 'prompt'),
    negativePrompt: jsonText(json, 'negative_prompt'),
    model: jsonText(json, 'base_model'),
    resources: loras,
    params: [
      ['seed', seedFromJson(json['seed'])],
      ['steps', finiteNumber(json['steps'])],
      ['cfgScale', finiteNumber(json['guidance_scale'])],
      ['sampler', jsonText(json, 'sampler')],
      ['scheduler', jsonText(json, 'scheduler')],
      ['size', sizeFromText(json['resolution']) ?? sizeFrom(json['width'], json['height'])],
      ['modelHash', jsonText(json, 'base_model_hash')],
    ],
    raw: rawScalarFields(json, [
      'prompt',
      'negative_prompt',
      'full_prompt',
      'full_negative_prompt',
      'base_model',
      'seed',
      'steps',
      'guidance_scale',
      'sampler',
      'scheduler',
      'resolution',
    ]),
  });
}

/**
 * RuinedFooocus: JSON in `parameters` with `"software": "RuinedFooocus"`: Prompt, Negative,
 * steps, cfg, width, height, seed, sampler_name, scheduler, base_model_name, base_model_hash,
 * loras as [[hash, "name:weight"], …] (or {name, weight} objects in some versions).
 */
export function parseRuinedFooocusParams(json: JsonObject): GenerationMetadata {
  const loras: GenerationResource[] = [];
  const list = Array.isArray(json['loras']) ? (json['loras'] as unknown[]) : [];
  for (const item of list.slice(0, 32)) {
    const text = Array.isArray(item) ? item.find((part): part is string => typeof part === 'string' && part.includes(':')) : item;
    if (typeof text === 'string') {
      const lora = loraFromText(text, ':');
      if (lora) loras.push(lora);
    } else if (typeof item === 'object' && item !== null && typeof (item as JsonObject)['name'] === 'string') {
      const weight = finiteNumber((item as JsonObject)['weight']);
      const name = (item as JsonObject)['name'] as string;
      loras.push(weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight });
    }
  }
  return buildGenerationMetadata({
    generator: 'ruined-fooocus',
    prompt: jsonText(json, 'Prompt', 'prompt'),
    negativePrompt: jsonText(json, 'Negative', 'negative_prompt'),
    model: jsonText(json, 'base_model_name'),
    resources: loras,
    params: [
      ['seed', seedFromJson(json['seed'])],
      ['steps', finiteNumber(json['steps'])],
      ['cfgScale', finiteNumber(json['cfg'])],
      ['sampler', jsonText(json, 'sampler_name')],
      ['scheduler', jsonText(json, 'scheduler')],
      ['size', sizeFrom(json['width'], json['height'])],
      ['modelHash', jsonText(json, 'base_model_hash')],
    ],
    raw: rawScalarFields(json, ['Prompt', 'Negative', 'base_model_name', 'base_model_hash', 'seed', 'steps', 'cfg', 'sampler_name', 'scheduler', 'width', 'height']),
  });
}

/** "name : 0.5" or "name:0.5" → a LoRA; the weight is after the last separator. */
function loraFromText(text: string, separator: string): GenerationResource | undefined {
  const at = text.lastIndexOf(separator);
  const name = (at < 0 ? text : text.slice(0, at)).trim();
  if (name === '' || name === 'None') return undefined;
  const weight = at < 0 ? undefined : finiteNumber(text.slice(at + separator.length).trim());
  return weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight };
}
