import { parseA1111Parameters, isTensorArtModelId } from './a1111-parameters.ts';
import { isJsonObject, parseJsonObject } from './bounded-json.ts';
import type { ComfyUiGeneration } from './comfyui-prompt-graph.ts';
import { parseComfyUiJson, parseComfyUiTexts } from './comfyui-workflow.ts';
import {
  buildGenerationMetadata,
  finiteNumber,
  seedFromJson,
  sizeFrom,
  type GenerationMetadata,
  type GenerationResource,
  type Generator,
  type RawParamValue,
} from './generation-metadata.ts';
import { jsonText, rawScalarFields, type JsonObject } from './json-fields.ts';
import { entryText, type TextEntry } from './metadata-entries.ts';

/* ComfyUI's graph, and the tools that run ComfyUI underneath and write their own summary next to it. */

export function comfyUiGenerationMetadata(generation: ComfyUiGeneration, generator: Generator = 'comfyui'): GenerationMetadata {
  return buildGenerationMetadata({ generator, ...generation });
}

/** The ComfyUI graph of the entries (`prompt`, `workflow`, any case), parsed. */
export function comfyUiGenerationFromEntries(entries: readonly TextEntry[]): ComfyUiGeneration | undefined {
  return parseComfyUiTexts({ prompt: entryText(entries, 'prompt'), workflow: entryText(entries, 'workflow') });
}

/** A summary's value where it has one, else the graph's. */
function knownParams(summary: [string, RawParamValue][], graph: ComfyUiGeneration | undefined): [string, RawParamValue][] {
  return [...summary, ...(graph?.params ?? [])];
}

/**
 * Stability Matrix: `parameters-json` (PositivePrompt, NegativePrompt, Width, Height, Seed,
 * Steps, CfgScale, Sampler, ModelName, ModelHash), an A1111-style `parameters`, its project in
 * `smproj`, and ComfyUI's graph.
 */
export function parseStabilityMatrix(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const summary = parseJsonObject(entryText(entries, 'parameters-json'));
  if (!summary && entryText(entries, 'smproj') === undefined) return undefined;
  const graph = comfyUiGenerationFromEntries(entries);
  const json = summary ?? {};
  return buildGenerationMetadata({
    generator: 'stability-matrix',
    prompt: jsonText(json, 'PositivePrompt') ?? graph?.prompt,
    negativePrompt: jsonText(json, 'NegativePrompt') ?? graph?.negativePrompt,
    model: jsonText(json, 'ModelName') ?? graph?.model,
    resources: graph?.resources ?? [],
    params: knownParams(
      [
        ['seed', seedFromJson(json['Seed'])],
        ['steps', finiteNumber(json['Steps'])],
        ['cfgScale', finiteNumber(json['CfgScale'])],
        ['sampler', jsonText(json, 'Sampler')],
        ['scheduler', jsonText(json, 'Scheduler')],
        ['size', sizeFrom(json['Width'], json['Height'])],
        ['modelHash', jsonText(json, 'ModelHash')],
      ],
      graph,
    ),
    raw: rawScalarFields(json, ['PositivePrompt', 'NegativePrompt', 'ModelName', 'ModelHash', 'Seed', 'Steps', 'CfgScale', 'Sampler', 'Scheduler', 'Width', 'Height']),
  });
}

/**
 * Tensor.Art: `generation_data` JSON (prompt, negativePrompt, width, height, seed, steps,
 * cfgScale, baseModel {modelFileName, hash}, models [{modelFileName, type, weight}]), NUL-padded,
 * next to ComfyUI's graph and often A1111 text. Models are named by ids ("EMS-123-EMS"); the
 * first real file name any of these gives is the model's name.
 */
export function parseTensorArt(entries: readonly TextEntry[]): GenerationMetadata | undefined {
  const text = entryText(entries, 'generation_data');
  const json = text === undefined ? undefined : parseJsonObject(text.replace(/\0+$/, ''));
  if (!json) return undefined;
  const graph = comfyUiGenerationFromEntries(entries);
  const baseModel = isJsonObject(json['baseModel']) ? json['baseModel'] : {};
  const parameters = entryText(entries, 'parameters');
  const a1111Model = parameters === undefined ? undefined : parseA1111Parameters(parameters).model;
  const modelNames = [jsonText(baseModel, 'modelFileName'), jsonText(baseModel, 'modelName'), a1111Model, graph?.model].filter(
    (name): name is string => name !== undefined,
  );
  return buildGenerationMetadata({
    generator: 'tensor-art',
    prompt: jsonText(json, 'prompt') ?? graph?.prompt,
    negativePrompt: jsonText(json, 'negativePrompt') ?? graph?.negativePrompt,
    model: modelNames.find((name) => !isTensorArtModelId(name)) ?? modelNames[0],
    resources: [...tensorArtLoras(json['models']), ...(graph?.resources ?? [])],
    params: knownParams(
      [
        ['seed', seedFromJson(json['seed'])],
        ['steps', finiteNumber(json['steps'])],
        ['cfgScale', finiteNumber(json['cfgScale'])],
        ['sampler', jsonText(json, 'samplerName', 'sampler')],
        ['size', sizeFrom(json['width'], json['height'])],
        ['modelHash', jsonText(baseModel, 'hash')],
      ],
      graph,
    ),
    raw: rawScalarFields(json, ['prompt', 'negativePrompt', 'seed', 'steps', 'cfgScale', 'samplerName', 'sampler', 'width', 'height']),
  });
}

function tensorArtLoras(value: unknown): GenerationResource[] {
  if (!Array.isArray(value)) return [];
  const loras: GenerationResource[] = [];
  for (const item of (value as unknown[]).slice(0, 32)) {
    if (!isJsonObject(item) || String(item['type'] ?? '').toUpperCase() !== 'LORA') continue;
    const name = jsonText(item, 'modelFileName', 'modelName');
    if (name === undefined) continue;
    const weight = finiteNumber(item['weight']);
    loras.push(weight === undefined ? { kind: 'lora', name } : { kind: 'lora', name, weight });
  }
  return loras;
}

/**
 * A bare API-format graph as one JSON object, as Civitai writes it into JPEG UserComment, with
 * its own summary as JSON text in `extraMetadata` (prompt, negativePrompt, steps, cfgScale,
 * sampler, seed, width, height) that wins where the graph is silent or partial.
 */
export function parseBareComfyUiGraph(json: JsonObject): GenerationMetadata | undefined {
  const graph = parseComfyUiJson({ prompt: json });
  const extraText = json['extraMetadata'];
  const extra = typeof extraText === 'string' ? parseJsonObject(extraText) : isJsonObject(extraText) ? extraText : undefined;
  if (!graph && !extra) return undefined;
  if (!extra) return comfyUiGenerationMetadata(graph!);
  return buildGenerationMetadata({
    generator: 'civitai',
    prompt: jsonText(extra, 'prompt') ?? graph?.prompt,
    negativePrompt: jsonText(extra, 'negativePrompt') ?? graph?.negativePrompt,
    model: graph?.model ?? jsonText(extra, 'baseModel'),
    resources: graph?.resources ?? [],
    params: knownParams(
      [
        ['seed', seedFromJson(extra['seed'])],
        ['steps', finiteNumber(extra['steps'])],
        ['cfgScale', finiteNumber(extra['cfgScale'])],
        ['sampler', jsonText(extra, 'sampler')],
        ['size', sizeFrom(extra['width'], extra['height'])],
      ],
      graph,
    ),
  });
}

/** Whether a JSON object is an API-format graph: some value is a node with a class_type. */
export function isComfyUiGraph(json: JsonObject): boolean {
  let looked = 0;
  for (const value of Object.values(json)) {
    if (looked++ > 200) break;
    if (isJsonObject(value) && typeof value['class_type'] === 'string') return true;
  }
  return false;
}
