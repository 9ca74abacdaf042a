import { a1111GenerationMetadata, isPlaceholderA1111, isTensorArtModelId, parseA1111Parameters } from './a1111-parameters.ts';
import { looksLikeJson, parseJsonObject, startsLikeJson } from './bounded-json.ts';
import { comfyUiGenerationFromEntries, comfyUiGenerationMetadata, parseStabilityMatrix, parseTensorArt } from './comfyui-family.ts';
import { isEasyDiffusion, parseEasyDiffusion } from './easy-diffusion-params.ts';
import { parseGenerationJson } from './generation-json.ts';
import { buildGenerationMetadata, type GenerationMetadata, type Generator, type RawParamValue } from './generation-metadata.ts';
import { parseInvokeAiEntries } from './invokeai-metadata.ts';
import { entryText, type TextEntry } from './metadata-entries.ts';
import { parseNovelAiMetadata } from './novelai-comment.ts';

/**
 * The generation a file's text entries describe, most specific format first: formats named
 * by their own keys (NovelAI, InvokeAI, Stability Matrix, Tensor.Art, Easy Diffusion), then
 * parameter texts (JSON by generator, or A1111 text), then ComfyUI's graph, then a plain
 * description only when the file says an AI tool made it. Undefined: no generation metadata.
 */
export function interpretEntries(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  if (entries.length === 0) return undefined;
  return (
    parseNovelAiMetadata({
      software: entryText(entries, 'Software'),
      description: entryText(entries, 'Description'),
      comment: entryText(entries, 'Comment'),
      source: entryText(entries, 'Source'),
    }) ??
    parseInvokeAiEntries(entries) ??
    parseStabilityMatrix(entries) ??
    parseTensorArt(entries) ??
    easyDiffusionEntries(entries) ??
    fromParameterTexts(entries) ??
    comfyUiOnly(entries) ??
    describedAiImage(entries)
  );
}

function easyDiffusionEntries(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const read = (name: string) => entryText(entries, name);
  return isEasyDiffusion(read) ? parseEasyDiffusion(read) : undefined;
}

/** Where generators put one text holding everything, in the order they are trusted. */
const PARAMETER_TEXT_KEYS = ['parameters', 'UserComment', 'exif:UserComment', 'Comment', 'ImageDescription', 'Description', 'dc:description'];

function fromParameterTexts(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  for (const key of PARAMETER_TEXT_KEYS) {
    const text = entryText(entries, key)?.trim();
    if (text === undefined || text === '') continue;
    if (startsLikeJson(text)) {
      const json = parseJsonObject(text);
      const parsed = json && parseGenerationJson(json, entries);
      if (parsed) return parsed;
      continue;
    }
    const parameters = parseA1111Parameters(text);
    // Only A1111's own `parameters` chunk is generation text even without a settings line.
    if (!parameters.hasSettingsLine && key !== 'parameters') continue;
    if (!parameters.hasSettingsLine || isPlaceholderA1111(parameters)) {
      const graph = comfyUiGenerationFromEntries(entries);
      if (graph?.prompt !== undefined) return comfyUiGenerationMetadata(graph);
    }
    return a1111GenerationMetadata(parameters);
  }
  return undefined;
}

/** A graph alone; Tensor.Art's are recognised by the model ids it loads ("EMS-179-EMS.safetensors"). */
function comfyUiOnly(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const graph = comfyUiGenerationFromEntries(entries);
  if (!graph) return undefined;
  return comfyUiGenerationMetadata(graph, graph.model !== undefined && isTensorArtModelId(graph.model) ? 'tensor-art' : 'comfyui');
}

const SOFTWARE_GENERATORS: readonly [RegExp, Generator][] = [
  [/midjourney/i, 'midjourney'],
  [/draw ?things/i, 'draw-things'],
  [/novelai/i, 'novelai'],
  [/comfyui/i, 'comfyui'],
  [/invoke ?ai/i, 'invokeai'],
  [/fooocus/i, 'fooocus'],
  [/swarm ?ui/i, 'swarmui'],
  [/automatic1111|stable diffusion web ?ui/i, 'a1111'],
  [/dall[-·. ]?e|chatgpt|openai/i, 'openai'],
  [/gemini|imagen/i, 'google'],
];

const MIDJOURNEY_JOB = /\s{0,4}Job ID:\s{0,4}[0-9a-f-]{36}\s*$/i;

/**
 * A plain description is a prompt only when the file also says an AI tool made it (Software
 * or CreatorTool naming one, the IPTC "trainedAlgorithmicMedia" source type, Midjourney's
 * "Job ID"): a screenshot note or a camera's description is not generation data.
 */
function describedAiImage(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const description = ['Description', 'dc:description', 'ImageDescription', 'UserComment', 'exif:UserComment', 'Comment']
    .map((key) => entryText(entries, key)?.trim())
    .find((text) => text !== undefined && text !== '' && !looksLikeJson(text));
  const software = [entryText(entries, 'Software'), entryText(entries, 'xmp:CreatorTool')].join(' ');
  const namedGenerator = SOFTWARE_GENERATORS.find(([pattern]) => pattern.test(software))?.[1];
  const isMidjourney = description !== undefined && MIDJOURNEY_JOB.test(description);
  const markedGenerated = /trainedAlgorithmicMedia/.test(entryText(entries, 'DigitalSourceType') ?? '');
  const generator: Generator | undefined = isMidjourney ? 'midjourney' : (namedGenerator ?? (markedGenerated ? 'unknown' : undefined));
  if (generator === undefined || description === undefined) return undefined;
  if (generator === 'midjourney') return midjourneyDescription(description);
  const parsed = parseA1111Parameters(description);
  return buildGenerationMetadata({ generator, prompt: parsed.prompt, negativePrompt: parsed.negativePrompt });
}

/** "prompt --ar 16:9 --v 6.1 Job ID: …": the prompt, and the `--name value` settings as parameters. */
function midjourneyDescription(description: string): GenerationMetadata {
  const text = description.replace(MIDJOURNEY_JOB, '');
  const optionsAt = text.search(/\s--[a-z]/);
  const prompt = optionsAt < 0 ? text : text.slice(0, optionsAt);
  const raw: [string, RawParamValue][] = [];
  for (const match of text.slice(Math.max(optionsAt, 0)).matchAll(/--([a-z]{1,20})(?:\s+([^-\s][^\s]{0,50}))?/g)) {
    raw.push([match[1]!, match[2] ?? 'on']);
  }
  const seed = raw.find(([name]) => name === 'seed')?.[1];
  return buildGenerationMetadata({
    generator: 'midjourney',
    prompt,
    params: [['seed', typeof seed === 'string' && /^\d{1,12}$/.test(seed) ? Number(seed) : undefined]],
    raw: raw.filter(([name]) => name !== 'seed'),
  });
}
