import { isJsonObject } from './bounded-json.ts';
import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromJson,
  sizeFrom,
  type GenerationMetadata,
  type GenerationResource,
} from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';

/**
 * SwarmUI writes one JSON object (PNG `parameters`, JPEG/WebP EXIF UserComment):
 * `{"sui_image_params": {prompt, negativeprompt, model, seed, steps, cfgscale, width, height,
 * sampler, scheduler, loras, loraweights, …}, "sui_models": [{name, param, hash}], …}`.
 */
export function parseSwarmUiParams(json: JsonObject): GenerationMetadata | undefined {
  const params = json['sui_image_params'];
  if (!isJsonObject(params)) return undefined;
  const models = Array.isArray(json['sui_models']) ? (json['sui_models'] as unknown[]).filter(isJsonObject) : [];
  const modelHash = models.find((model) => model['param'] === 'model')?.['hash'];
  return buildGenerationMetadata({
    generator: 'swarmui',
    prompt: jsonText(params, 'prompt'),
    negativePrompt: jsonText(params, 'negativeprompt'),
    model: jsonText(params, 'model'),
    resources: swarmUiLoras(params),
    params: [
      ['seed', seedFromJson(params['seed'])],
      ['steps', finiteNumber(params['steps'])],
      ['cfgScale', finiteNumber(params['cfgscale'])],
      ['sampler', jsonText(params, 'sampler')],
      ['scheduler', jsonText(params, 'scheduler')],
      ['size', sizeFrom(params['width'], params['height'])],
      ['modelHash', typeof modelHash === 'string' ? modelHash : undefined],
    ],
    raw: rawScalarFields(params, ['prompt', 'negativeprompt', 'model', 'seed', 'steps', 'cfgscale', 'sampler', 'scheduler', 'width', 'height']),
  });
}

function swarmUiLoras(params: JsonObject): GenerationResource[] {
  const names = Array.isArray(params['loras']) ? (params['loras'] as unknown[]) : [];
  const weights = Array.isArray(params['loraweights']) ? (params['loraweights'] as unknown[]) : [];
  const loras: GenerationResource[] = [];
  names.slice(0, 32).forEach((name, index) => {
    if (typeof name !== 'string') return;
    const weight = finiteNumber(weights[index]);
    loras.push(weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight });
  });
  return loras;
}
