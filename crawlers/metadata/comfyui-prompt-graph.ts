import { z } from 'zod';
import { finiteNumber, nonEmptyString, seedFromJson, type RawParamValue } from './generation-metadata.ts';

/**
 * ComfyUI's API-format prompt: node id → { class_type, inputs }, where an input is either a
 * value or a link `[source node id, output index]`. The generation settings are found from
 * the sampler node by following links, each walk bounded in hops and visited nodes.
 */
export interface PromptGraphNode {
  classType: string;
  inputs: Record<string, unknown>;
}

export type PromptGraph = Map<string, PromptGraphNode>;

export interface ComfyUiGeneration {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  params: [string, RawParamValue][];
}

const MAX_NODES = 5000;
const MAX_HOPS = 8;
const MAX_VISITED = 64;
const MAX_QUEUED = 256;

const nodeSchema = z.object({
  class_type: z.string().min(1).max(200),
  inputs: z.record(z.string(), z.unknown()).catch({}),
});

/** The graph from parsed prompt JSON, or undefined when it is not node id → node. Malformed nodes are left out. */
export function toPromptGraph(json: unknown): PromptGraph | undefined {
  const record = z.record(z.string(), z.unknown()).safeParse(json);
  if (!record.success) return undefined;
  const graph: PromptGraph = new Map();
  for (const [id, value] of Object.entries(record.data)) {
    if (graph.size >= MAX_NODES) break;
    const node = nodeSchema.safeParse(value);
    if (node.success) graph.set(id, { classType: node.data.class_type, inputs: node.data.inputs });
  }
  return graph.size > 0 ? graph : undefined;
}

/** The id of the node an input links to, or undefined when the input is a plain value. */
function linkedNodeId(input: unknown): string | undefined {
  // A structural check rather than a schema: it runs for every input the walks look at.
  if (!Array.isArray(input) || input.length !== 2) return undefined;
  const [nodeId, outputIndex]: unknown[] = input;
  if (!Number.isInteger(outputIndex)) return undefined;
  if (typeof nodeId === 'string') return nodeId;
  return typeof nodeId === 'number' && Number.isInteger(nodeId) ? String(nodeId) : undefined;
}

export function extractFromPromptGraph(graph: PromptGraph): ComfyUiGeneration | undefined {
  const sampler = findSampler(graph);
  const guider = sampler && linkedNode(graph, sampler.inputs['guider']);
  const model = findModelName(graph, sampler?.inputs['model'] ?? guider?.inputs['model']);
  const size = findLatentSize(graph, sampler?.inputs['latent_image']);
  if (!sampler && model === undefined && size === undefined) return undefined;

  const generation: ComfyUiGeneration = { params: [] };
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

/**
 * The first KSampler / KSamplerAdvanced by node id (in a hires-fix graph that is usually the
 * base pass), else the first other node named like a sampler with positive and negative
 * links or a guider link.
 */
function findSampler(graph: PromptGraph): PromptGraphNode | undefined {
  const ids = [...graph.keys()].sort(compareNodeIds);
  const nodes = ids.map((id) => graph.get(id)).filter((node): node is PromptGraphNode => node !== undefined);
  return (
    nodes.find((node) => node.classType === 'KSampler' || node.classType === 'KSamplerAdvanced') ??
    nodes.find(
      (node) =>
        /sampler/i.test(node.classType) &&
        ((linkedNodeId(node.inputs['positive']) !== undefined && linkedNodeId(node.inputs['negative']) !== undefined) ||
          linkedNodeId(node.inputs['guider']) !== undefined),
    )
  );
}

/** Numeric ids ("3" before "10"); subgraph ids such as "12:5" fall back to text order. */
function compareNodeIds(a: string, b: string): number {
  const difference = Number(a) - Number(b);
  return Number.isNaN(difference) ? a.localeCompare(b) : difference;
}

/**
 * Breadth-first walk along links from `start`, calling `visit` on each node until it returns a
 * value; `nextInputs` picks which inputs of a node lead further.
 */
function walkLinks<T>(
  graph: PromptGraph,
  start: unknown,
  visit: (node: PromptGraphNode) => T | undefined,
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
    const value = visit(node);
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

/** Inputs that hold prompt text on the text encoders (CLIPTextEncode, the SDXL and Flux variants). */
const TEXT_INPUTS = ['text', 'text_g', 'text_l', 'clip_l', 't5xxl'];

/**
 * Prompt text reached from a sampler's positive or negative input, through conditioning nodes
 * (ConditioningCombine, ControlNetApply…, reroutes). Where a node has inputs of both
 * polarities (ControlNetApplyAdvanced) only the matching one is followed.
 */
function findConditioningText(graph: PromptGraph, start: unknown, polarity: 'positive' | 'negative'): string | undefined {
  const texts = walkLinks(
    graph,
    start,
    (node) => {
      const parts = TEXT_INPUTS.map((name) => nonEmptyString(resolveScalar(graph, node.inputs[name])));
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

/** The checkpoint (or diffusion model) file, following the sampler's model input through LoRA loaders. */
function findModelName(graph: PromptGraph, samplerModel: unknown): string | undefined {
  const modelName = (node: PromptGraphNode) =>
    nonEmptyString(resolveScalar(graph, node.inputs['ckpt_name'] ?? node.inputs['unet_name']));
  const [traced] = walkLinks(graph, samplerModel, modelName, (node) => [node.inputs['model']]);
  if (traced !== undefined) return traced;
  for (const node of graph.values()) {
    const name = modelName(node);
    if (name !== undefined) return name;
  }
  return undefined;
}

const isEmptyLatent = (node: PromptGraphNode) => /^Empty.{0,40}LatentImage$/.test(node.classType);

/** "WIDTHxHEIGHT" of the empty latent the sampler starts from, else of any empty latent. */
function findLatentSize(graph: PromptGraph, samplerLatent: unknown): string | undefined {
  const latentSize = (node: PromptGraphNode) => {
    if (!isEmptyLatent(node)) return undefined;
    const width = finiteNumber(resolveScalar(graph, node.inputs['width']));
    const height = finiteNumber(resolveScalar(graph, node.inputs['height']));
    return width !== undefined && height !== undefined ? `${width}x${height}` : undefined;
  };
  const [traced] = walkLinks(graph, samplerLatent, latentSize, (node) => Object.values(node.inputs));
  if (traced !== undefined) return traced;
  for (const node of graph.values()) {
    const size = latentSize(node);
    if (size !== undefined) return size;
  }
  return undefined;
}

/** Inputs where primitive and text-utility nodes keep the value they output. */
const VALUE_INPUTS = ['value', 'text', 'string', 'int', 'float', 'number', 'seed', 'noise_seed'];
const MAX_VALUE_HOPS = 3;

/**
 * A string or number input, following links a few hops to the node that holds it: the
 * preferred input names first, then the names primitive and text-utility nodes use.
 */
function resolveScalar(
  graph: PromptGraph,
  input: unknown,
  preferredNames: readonly string[] = [],
  hops = 0,
): string | number | undefined {
  if (typeof input === 'string' || typeof input === 'number') return input;
  const node = hops < MAX_VALUE_HOPS ? linkedNode(graph, input) : undefined;
  if (!node) return undefined;
  for (const name of [...preferredNames, ...VALUE_INPUTS]) {
    const value = resolveScalar(graph, node.inputs[name], preferredNames, hops + 1);
    if (value !== undefined) return value;
  }
  return undefined;
}
