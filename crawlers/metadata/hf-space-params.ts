import { isJsonObject } from './bounded-json.ts';
import { buildGenerationMetadata, finiteNumber, seedFromJson, sizeFrom, sizeFromText, type GenerationMetadata } from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';

/**
 * Hugging Face Spaces built on Gradio and diffusers write JSON to PNG `parameters`: prompt,
 * negative_prompt, resolution "832 x 1216", guidance_scale, num_inference_steps, seed, sampler,
 * and the model as "Model" (text or {"Model", "Model hash"}).
 */
export function isHfSpaceJson(json: JsonObject): boolean {
  return ('Model' in json && 'resolution' in json) || (typeof json['prompt'] === 'string' && 'num_inference_steps' in json);
}

export function parseHfSpaceParams(json: JsonObject): GenerationMetadata {
  const modelField = json['Model'];
  const model = isJsonObject(modelField) ? modelField : json;
  return buildGenerationMetadata({
    generator: 'hf-space',
    prompt: jsonText(json, 'prompt'),
    negativePrompt: jsonText(json, 'negative_prompt'),
    model: jsonText(model, 'Model', 'model'),
    params: [
      ['seed', seedFromJson(json['seed'])],
      ['steps', finiteNumber(json['num_inference_steps'])],
      ['cfgScale', finiteNumber(json['guidance_scale'])],
      ['sampler', jsonText(json, 'sampler', 'scheduler')],
      ['size', sizeFromText(json['resolution']) ?? sizeFrom(json['width'], json['height'])],
      ['modelHash', jsonText(model, 'Model hash')],
    ],
    raw: rawScalarFields(json, ['prompt', 'negative_prompt', 'Model', 'Model hash', 'seed', 'num_inference_steps', 'guidance_scale', 'sampler', 'resolution']),
  });
}
