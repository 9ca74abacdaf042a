import { z } from 'zod';
import { isJsonObject } from './bounded-json.ts';
import { comfyUiText, linkedNodeId, resolveScalar, type PromptGraph, type PromptGraphNode } from './comfyui-graph-values.ts';
import {
  finiteNumber,
  nonEmptyString,
  seedFromJson,
  sizeFrom,
  sizeFromText,
  type GenerationResource,
  type RawParamValue,
} from './generation-metadata.ts';

export type { PromptGraph, PromptGraphNode } from './comfyui-graph-values.ts';

/**
 * ComfyUI's API-format prompt: node id → { class_type, inputs }, where an input is either a
 * value or a link `[source node id, output index]`. The generation settings are found from
 * the first-pass sampler by following links, each walk bounded in hops and visited nodes, so
 * cyclic or enormous graphs cost no more than small ones.
 */
export interface ComfyUiGeneration {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  resources: GenerationResource[];
  params: [string, RawParamValue][];
}

const MAX_NODES = 5000;
const MAX_HOPS = 12;
const MAX_VISITED = 128;
const MAX_QUEUED = 512;

const nodeSchema = z.object({
  class_type: z.string().min(1).max(200),
  inputs: z.record(z.string(), z.unknown()).catch({}),
});

/** The graph from parsed prompt JSON, or undefined when it is not node id → node. Malformed nodes are left out. */
export function toPromptGraph(json: unknown): PromptGraph | undefined {
  if (!isJsonObject(json)) return undefined;
  const graph: PromptGraph = new Map();
  for (const [id, value] of Object.entries(json)) {
    if (graph.size >= MAX_NODES) break;
    const node = nodeSchema.safeParse(value);
    if (node.success) graph.set(id, { classType: node.data.class_type, inputs: node.data.inputs });
  }
  return graph.size > 0 ? graph : undefined;
}

export function extractFromPromptGraph(graph: PromptGraph): ComfyUiGeneration | undefined {
  const sampler = findFirstPassSampler(graph);
  const guider = sampler && linkedNode(graph, sampler.inputs['guider']);
  const modelInput = sampler?.inputs['model'] ?? guider?.inputs['model'];
  const model = findModelName(graph, modelInput);
  const size = findCanvasSize(graph, sampler?.inputs['latent_image']);
  if (!sampler && model === undefined && size === undefined) return undefined;

  const generation: ComfyUiGeneration = { params: [], resources: findLoras(graph, modelInput) };
  if (sampler) {
    const { inputs } = sampler;
    // SamplerCustomAdvanced takes its conditioning from a guider: CFGGuider has both
    // polarities, BasicGuider (Flux) only a positive one.
    const prompt = findConditioningText(graph, inputs['positive'] ?? inputs['guider'], 'positive');
    const negativePrompt = findConditioningText(graph, inputs['negative'] ?? guider?.inputs['negative'], 'negative');
    if (prompt !== undefined) generation.prompt = prompt;
    if (negativePrompt !== undefined) generation.negativePrompt = negativePrompt;
    generation.params.push(...samplerSettings(graph, inputs, guider?.inputs ?? {}));
  }
  if (size !== undefined) generation.params.push(['size', size]);
  if (model !== undefined) generation.model = model;
  return generation;
}

/**
 * KSampler-style nodes hold their settings as inputs; SamplerCustomAdvanced spreads them over
 * linked nodes (RandomNoise, BasicScheduler, KSamplerSelect, the guider), which the
 * preferred input names find.
 */
function samplerSettings(
  graph: PromptGraph,
  inputs: Record<string, unknown>,
  guiderInputs: Record<string, unknown>,
): [string, RawParamValue][] {
  const setting = (input: unknown, preferredNames: string[]) => resolveScalar(graph, input, preferredNames);
  return [
    ['seed', seedFromJson(setting(inputs['seed'] ?? inputs['noise_seed'] ?? inputs['noise'], ['noise_seed', 'seed']))],
    ['steps', finiteNumber(setting(inputs['steps'] ?? inputs['sigmas'], ['steps']))],
    ['cfgScale', finiteNumber(setting(inputs['cfg'] ?? guiderInputs['cfg'], ['cfg']))],
    ['sampler', nonEmptyString(setting(inputs['sampler_name'] ?? inputs['sampler'], ['sampler_name']))],
    ['scheduler', nonEmptyString(setting(inputs['scheduler'] ?? inputs['sigmas'], ['scheduler']))],
    ['denoise', finiteNumber(setting(inputs['denoise'] ?? inputs['sigmas'], ['denoise']))],
  ];
}

function linkedNode(graph: PromptGraph, input: unknown): PromptGraphNode | undefined {
  const id = linkedNodeId(input);
  return id === undefined ? undefined : graph.get(id);
}

function isSampler(node: PromptGraphNode): boolean {
  if (node.classType === 'KSampler' || node.classType === 'KSamplerAdvanced') return true;
  if (!/sampler/i.test(node.classType)) return false;
  const { inputs } = node;
  const hasBothPolarities = linkedNodeId(inputs['positive']) !== undefined && linkedNodeId(inputs['negative']) !== undefined;
  return hasBothPolarities || linkedNodeId(inputs['guider']) !== undefined;
}

/**
 * The sampler of the first pass: one whose latent does not come out of another sampler (a
 * hires-fix or refiner pass takes the first pass's latent). Ties go to the lowest node id.
 */
function findFirstPassSampler(graph: PromptGraph): PromptGraphNode | undefined {
  const samplerIds = [...graph.keys()].filter((id) => isSampler(graph.get(id)!)).sort(compareNodeIds);
  if (samplerIds.length <= 1) return samplerIds[0] === undefined ? undefined : graph.get(samplerIds[0]);
  const samplers = new Set(samplerIds);
  const firstPass = samplerIds.find((id) => {
    const [fedBySampler] = walkLinks(
      graph,
      graph.get(id)!.inputs['latent_image'],
      (_node, nodeId) => (samplers.has(nodeId) ? true : undefined),
      (node) => Object.values(node.inputs),
    );
    return fedBySampler === undefined;
  });
  return graph.get(firstPass ?? samplerIds[0]!);
}

/** Numeric ids ("3" before "10"); subgraph ids such as "12:5" fall back to text order. */
function compareNodeIds(a: string, b: string): number {
  const difference = Number(a) - Number(b);
  return Number.isNaN(difference) ? a.localeCompare(b) : difference;
}

/**
 * Breadth-first walk along links from `start`, calling `visit` on each node until it returns a
 * value; `nextInputs` picks which inputs of a node lead further. Cycles end at visited nodes.
 */
function walkLinks<T>(
  graph: PromptGraph,
  start: unknown,
  visit: (node: PromptGraphNode, id: string) => T | undefined,
  nextInputs: (node: PromptGraphNode) => unknown[],
): T[] {
  const found: T[] = [];
  const firstId = linkedNodeId(start);
  if (firstId === undefined) return found;
  const queue: { id: string; hops: number }[] = [{ id: firstId, hops: 0 }];
  const visited = new Set<string>();
  for (let next = 0; next < queue.length && visited.size < MAX_VISITED; next += 1) {
    const entry = queue[next];
    if (!entry || visited.has(entry.id)) continue;
    const { id, hops } = entry;
    visited.add(id);
    const node = graph.get(id);
    if (!node) continue;
    const value = visit(node, id);
    if (value !== undefined) {
      found.push(value);
      continue;
    }
    if (hops >= MAX_HOPS) continue;
    for (const input of nextInputs(node)) {
      const nextId = linkedNodeId(input);
      if (nextId !== undefined && queue.length < MAX_QUEUED) queue.push({ id: nextId, hops: hops + 1 });
    }
  }
  return found;
}

/**
 * Inputs that hold prompt text on the text encoders (CLIPTextEncode, the SDXL and Flux
 * variants, text-box nodes with a capitalised `Text`, rgthree's Power Prompt, Impact's
 * wildcard encoder).
 */
const TEXT_INPUTS = ['text', 'Text', 'text_g', 'text_l', 'clip_l', 't5xxl', 'prompt', 'populated_text'];

/**
 * Prompt text reached from a sampler's positive or negative input, through conditioning nodes
 * (ConditioningCombine, ControlNetApply…, reroutes). Where a node has inputs of both
 * polarities (ControlNetApplyAdvanced) only the matching one is followed; where that input is
 * itself text (loaders that encode their own prompts) it is the answer.
 */
function findConditioningText(graph: PromptGraph, start: unknown, polarity: 'positive' | 'negative'): string | undefined {
  const texts = walkLinks(
    graph,
    start,
    (node) => {
      const own = node.inputs[polarity];
      if (typeof own === 'string') return nonEmptyString(own);
      const parts = TEXT_INPUTS.map((name) => nonEmptyString(comfyUiText(graph, node.inputs[name])));
      const distinct = [...new Set(parts.filter((part): part is string => part !== undefined))];
      return distinct.length > 0 ? distinct.join('\n') : undefined;
    },
    (node) => {
      if (Object.hasOwn(node.inputs, polarity)) return [node.inputs[polarity]];
      const conditioning = Object.entries(node.inputs).filter(([name]) => name.startsWith('conditioning'));
      return (conditioning.length > 0 ? conditioning : Object.entries(node.inputs)).map(([, input]) => input);
    },
  );
  const distinct = [...new Set(texts)];
  return distinct.length > 0 ? distinct.join('\n') : undefined;
}

const MODEL_INPUTS = ['ckpt_name', 'unet_name', 'model_name', 'base_ckpt_name'];

/** The checkpoint (or diffusion model) file, following the sampler's model input through LoRA loaders. */
function findModelName(graph: PromptGraph, samplerModel: unknown): string | undefined {
  const modelName = (node: PromptGraphNode) => {
    for (const name of MODEL_INPUTS) {
      const value = nonEmptyString(resolveScalar(graph, node.inputs[name]));
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const [traced] = walkLinks(graph, samplerModel, modelName, (node) => [node.inputs['model']]);
  if (traced !== undefined) return traced;
  for (const node of graph.values()) {
    const name = modelName(node);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** LoRA loaders on the sampler's model chain: `lora_name` + `strength_model`, or rgthree's `lora_N` objects. */
function findLoras(graph: PromptGraph, samplerModel: unknown): GenerationResource[] {
  const resources: GenerationResource[] = [];
  walkLinks(
    graph,
    samplerModel,
    (node) => {
      const name = nonEmptyString(resolveScalar(graph, node.inputs['lora_name']));
      if (name !== undefined) {
        const lora: GenerationResource = { kind: 'lora', name };
        const weight = finiteNumber(resolveScalar(graph, node.inputs['strength_model']));
        if (weight !== undefined) lora.weight = weight;
        resources.push(lora);
      }
      for (const [inputName, value] of Object.entries(node.inputs)) {
        if (!/^lora_\d{1,3}$/.test(inputName) || !isJsonObject(value) || value['on'] === false) continue;
        const stacked = nonEmptyString(value['lora']);
        if (stacked === undefined) continue;
        const weight = finiteNumber(value['strength']);
        resources.push(weight === undefined ? { kind: 'lora', name: stacked } : { kind: 'lora', name: stacked, weight });
      }
      return undefined;
    },
    (node) => [node.inputs['model']],
  );
  return resources;
}

/** Inputs in which latent-size nodes give the size as text ("1024 x 1024", "832x1216 (0.68)"). */
const SIZE_TEXT_INPUTS = ['resolution', 'dimensions', 'size', 'aspect_ratio'];

/** "WIDTHxHEIGHT" of a node that makes an empty latent, from numbers or size text. */
function latentSize(graph: PromptGraph, node: PromptGraphNode): string | undefined {
  if (!/latent/i.test(node.classType)) return undefined;
  const { inputs } = node;
  const numeric = sizeFrom(resolveScalar(graph, inputs['width'], ['width']), resolveScalar(graph, inputs['height'], ['height']));
  if (numeric !== undefined) return numeric;
  for (const name of SIZE_TEXT_INPUTS) {
    const fromText = sizeFromText(resolveScalar(graph, inputs[name]));
    if (fromText !== undefined) return fromText;
  }
  return undefined;
}

/**
 * The canvas size: the largest empty latent reached from the sampler's latent input (regional
 * workflows composite smaller region latents onto it), else the largest in the graph.
 */
function findCanvasSize(graph: PromptGraph, samplerLatent: unknown): string | undefined {
  const traced = walkLinks(graph, samplerLatent, (node) => latentSize(graph, node), (node) => Object.values(node.inputs));
  if (traced.length > 0) return largest(traced);
  const everywhere: string[] = [];
  for (const node of graph.values()) {
    const size = latentSize(graph, node);
    if (size !== undefined) everywhere.push(size);
  }
  return largest(everywhere);
}

function largest(sizes: string[]): string | undefined {
  const area = (size: string) => size.split('x').reduce((product, side) => product * Number(side), 1);
  return sizes.reduce<string | undefined>((best, size) => (best === undefined || area(size) > area(best) ? size : best), undefined);
}
