import { z } from 'zod';
import { parseBoundedJson } from './bounded-json.ts';
import { buildGenerationMetadata, nonEmptyString, seedFromJson, type GenerationMetadata } from './generation-metadata.ts';

/** The PNG text chunks NovelAI writes, by keyword. */
export interface NovelAiTexts {
  software?: string | undefined;
  description?: string | undefined;
  comment?: string | undefined;
  /** e.g. "NovelAI Diffusion V4.5 4BFE7A7A": the model name and hash. */
  source?: string | undefined;
}

/** Each field is optional, and a wrong type drops just that field, not the whole comment. */
const optionalText = z.string().optional().catch(undefined);
const optionalNumber = z.number().optional().catch(undefined);
const commentSchema = z.object({
  prompt: optionalText,
  uc: optionalText,
  steps: optionalNumber,
  scale: optionalNumber,
  seed: optionalNumber,
  sampler: optionalText,
  noise_schedule: optionalText,
  width: optionalNumber,
  height: optionalNumber,
});

/**
 * NovelAI images: the prompt in `Description`, settings in the `Comment` JSON (`uc` is the
 * negative prompt, `scale` the CFG scale). Recognised by `Software: NovelAI`, or by a Comment
 * JSON carrying `uc` and `sampler` when Software was stripped.
 */
export function parseNovelAiMetadata(texts: NovelAiTexts): GenerationMetadata | undefined {
  const parsed = texts.comment === undefined ? undefined : commentSchema.safeParse(parseBoundedJson(texts.comment));
  const comment = parsed?.success ? parsed.data : undefined;
  const isNovelAi =
    texts.software?.trim() === 'NovelAI' || (comment?.uc !== undefined && comment.sampler !== undefined);
  if (!isNovelAi) return undefined;

  const width = comment?.width;
  const height = comment?.height;
  return buildGenerationMetadata({
    generator: 'novelai',
    prompt: nonEmptyString(texts.description) ?? nonEmptyString(comment?.prompt),
    negativePrompt: nonEmptyString(comment?.uc),
    model: nonEmptyString(texts.source),
    params: [
      ['seed', seedFromJson(comment?.seed)],
      ['steps', comment?.steps],
      ['cfgScale', comment?.scale],
      ['sampler', nonEmptyString(comment?.sampler)],
      ['scheduler', nonEmptyString(comment?.noise_schedule)],
      ['size', width !== undefined && height !== undefined ? `${width}x${height}` : undefined],
    ],
  });
}
