import { isJsonObject, parseJsonObject } from './bounded-json.ts';
import { buildGenerationMetadata, finiteNumber, seedFromJson, sizeFrom, type GenerationMetadata } from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';

/** The texts NovelAI writes, by key: PNG text chunks, or the fields of the JSON in a WebP's EXIF UserComment. */
export interface NovelAiTexts {
  software?: string | undefined;
  description?: string | undefined;
  comment?: string | undefined;
  /** e.g. "NovelAI Diffusion V4.5 4BFE7A7A": the model name and hash. */
  source?: string | undefined;
}

/**
 * NovelAI images: the prompt in `Description` (and in the Comment JSON: `prompt`, or V4's
 * `v4_prompt.caption.base_caption`), settings in the `Comment` JSON (`uc` is the negative
 * prompt, `scale` the CFG scale). Recognised by `Software: NovelAI`, or by a Comment JSON
 * carrying NovelAI's own fields when Software was stripped.
 */
export function parseNovelAiMetadata(texts: NovelAiTexts): GenerationMetadata | undefined {
  const comment = parseJsonObject(texts.comment) ?? {};
  const isNovelAi = texts.software?.trim() === 'NovelAI' || isNovelAiComment(comment);
  if (!isNovelAi) return undefined;
  return buildGenerationMetadata({
    generator: 'novelai',
    prompt: texts.description ?? baseCaption(comment['v4_prompt']) ?? jsonText(comment, 'prompt'),
    negativePrompt: baseCaption(comment['v4_negative_prompt']) ?? jsonText(comment, 'uc'),
    model: texts.source,
    params: [
      ['seed', seedFromJson(comment['seed'])],
      ['steps', finiteNumber(comment['steps'])],
      ['cfgScale', finiteNumber(comment['scale'])],
      ['sampler', jsonText(comment, 'sampler')],
      ['scheduler', jsonText(comment, 'noise_schedule')],
      ['size', sizeFrom(comment['width'], comment['height'])],
    ],
    raw: rawScalarFields(comment, ['prompt', 'uc', 'seed', 'steps', 'scale', 'sampler', 'noise_schedule', 'width', 'height', 'signed_hash']),
  });
}

export function isNovelAiComment(json: JsonObject): boolean {
  return (json['uc'] !== undefined && json['sampler'] !== undefined) || isJsonObject(json['v4_prompt']) || 'noise_schedule' in json;
}

function baseCaption(value: unknown): string | undefined {
  if (!isJsonObject(value) || !isJsonObject(value['caption'])) return undefined;
  return jsonText(value['caption'], 'base_caption');
}
