import { isJsonObject } from './bounded-json.ts';
import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromJson,
  sizeFromText,
  type GenerationMetadata,
  type GenerationResource,
} from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';

/**
 * Draw Things writes XMP whose `exif:UserComment` is JSON: `c` (prompt), `uc` (negative),
 * seed, steps, scale, sampler, model, size "1024x1024", strength, lora [{file, weight}].
 */
export function isDrawThingsJson(json: JsonObject): boolean {
  return typeof json['c'] === 'string' && ('sampler' in json || 'scale' in json || 'model' in json);
}

export function parseDrawThingsParams(json: JsonObject): GenerationMetadata {
  const loras: GenerationResource[] = [];
  const list = Array.isArray(json['lora']) ? (json['lora'] as unknown[]) : [];
  for (const item of list.slice(0, 32)) {
    if (!isJsonObject(item)) continue;
    const name = jsonText(item, 'file', 'model');
    if (name === undefined) continue;
    const weight = finiteNumber(item['weight']);
    loras.push(weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight });
  }
  return buildGenerationMetadata({
    generator: 'draw-things',
    prompt: jsonText(json, 'c'),
    negativePrompt: jsonText(json, 'uc'),
    model: jsonText(json, 'model'),
    resources: loras,
    params: [
      ['seed', seedFromJson(json['seed'])],
      ['steps', finiteNumber(json['steps'])],
      ['cfgScale', finiteNumber(json['scale'])],
      ['sampler', jsonText(json, 'sampler')],
      ['size', sizeFromText(json['size'])],
    ],
    raw: rawScalarFields(json, ['c', 'uc', 'model', 'seed', 'steps', 'scale', 'sampler', 'size']),
  });
}
