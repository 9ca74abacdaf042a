import { isJsonObject } from './bounded-json.ts';
import { comfyUiGenerationMetadata, isComfyUiGraph, parseBareComfyUiGraph } from './comfyui-family.ts';
import { parseComfyUiJson } from './comfyui-workflow.ts';
import { isDrawThingsJson, parseDrawThingsParams } from './draw-things-params.ts';
import { isEasyDiffusion, parseEasyDiffusion } from './easy-diffusion-params.ts';
import { isFooocusJson, parseFooocusParams, parseRuinedFooocusParams } from './fooocus-params.ts';
import type { GenerationMetadata } from './generation-metadata.ts';
import { isHfSpaceJson, parseHfSpaceParams } from './hf-space-params.ts';
import { parseInvokeAiMetadata } from './invokeai-metadata.ts';
import type { JsonObject } from './json-fields.ts';
import { entryText, type TextEntry } from './metadata-entries.ts';
import { isNovelAiComment, parseNovelAiMetadata } from './novelai-comment.ts';
import { parseSwarmUiParams } from './swarmui-params.ts';

/**
 * Generation data written as one JSON object (PNG `parameters`, EXIF/XMP UserComment), read
 * by the generator whose fields it has. Undefined when it is JSON from none we know: the
 * caller then moves on, and the JSON is never taken for a prompt.
 */
export function parseGenerationJson(json: JsonObject, entries: readonly TextEntry[]): GenerationMetadata | undefined {
  if (isJsonObject(json['sui_image_params'])) return parseSwarmUiParams(json);
  if (json['software'] === 'RuinedFooocus') return parseRuinedFooocusParams(json);
  const field = (name: string) => json[name];
  if (isEasyDiffusion(field)) return parseEasyDiffusion(field);
  if (isHfSpaceJson(json)) return parseHfSpaceParams(json);
  if (isFooocusJson(json, entryText(entries, 'fooocus_scheme'))) return parseFooocusParams(json);
  if (isDrawThingsJson(json)) return parseDrawThingsParams(json);
  if (isNovelAiComment(json)) return parseNovelAiMetadata({ comment: JSON.stringify(json) });
  const invokeAi = json['invokeai_metadata'];
  if (isJsonObject(invokeAi)) return parseInvokeAiMetadata(invokeAi);
  if (typeof json['positive_prompt'] === 'string' && ('app_version' in json || 'generation_mode' in json)) return parseInvokeAiMetadata(json);
  if (isComfyUiGraph(json)) return parseBareComfyUiGraph(json);
  return fromEnvelope(json);
}

/**
 * Envelopes that wrap another format's fields in one object: `{"prompt": …, "workflow": …}`
 * (ComfyUI's SaveImagePlus, keys in any case) and NovelAI's `{"Comment": "{…}", "Software":
 * "NovelAI", …}` (its WebP EXIF, stealth alpha data).
 */
function fromEnvelope(json: JsonObject): GenerationMetadata | undefined {
  const byLowerKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json).slice(0, 64)) {
    if (!byLowerKey.has(key.toLowerCase())) byLowerKey.set(key.toLowerCase(), value);
  }
  const text = (key: string) => {
    const value = byLowerKey.get(key);
    return typeof value === 'string' ? value : isJsonObject(value) ? JSON.stringify(value) : undefined;
  };
  if (byLowerKey.has('software') || byLowerKey.has('comment')) {
    const novelAi = parseNovelAiMetadata({
      software: text('software'),
      description: text('description'),
      comment: text('comment'),
      source: text('source'),
    });
    if (novelAi) return novelAi;
  }
  if (byLowerKey.has('prompt') || byLowerKey.has('workflow')) {
    const graph = parseComfyUiJson({ prompt: byLowerKey.get('prompt'), workflow: byLowerKey.get('workflow') });
    if (graph) return comfyUiGenerationMetadata(graph);
  }
  return undefined;
}
