/**
 * Values of a ComfyUI API-format graph: following an input's links to the node that holds a
 * string or number, through primitive, reroute, switch, preview and concatenation nodes.
 * Every resolution is bounded in depth and in nodes looked at, so a cyclic graph ends.
 */
export interface PromptGraphNode {
  classType: string;
  inputs: Record<string, unknown>;
}

export type PromptGraph = Map<string, PromptGraphNode>;

/** The id of the node an input links to, or undefined when the input is a plain value. */
export function linkedNodeId(input: unknown): string | undefined {
  // A structural check rather than a schema: it runs for every input the walks look at.
  if (!Array.isArray(input) || input.length !== 2) return undefined;
  const [nodeId, outputIndex]: unknown[] = input;
  if (!Number.isInteger(outputIndex)) return undefined;
  if (typeof nodeId === 'string') return nodeId;
  return typeof nodeId === 'number' && Number.isInteger(nodeId) ? String(nodeId) : undefined;
}

/** Inputs where primitive and text-utility nodes keep the value they output. */
const VALUE_INPUTS = [
  'value',
  'text',
  'Text',
  'string',
  'String',
  'int',
  'float',
  'number',
  'seed',
  'noise_seed',
  // Impact's wildcard processor: the populated text is what ran.
  'populated_text',
  'wildcard_text',
  'source',
  'prompt',
  'positive',
  'anything',
  'any',
  'input',
];
const MAX_VALUE_DEPTH = 6;
const MAX_VALUE_NODES = 64;

interface Resolution {
  preferredNames: readonly string[];
  /** Text is wanted: numbers (a wildcard node's seed) are passed over. */
  textOnly: boolean;
  /** Nodes looked at so far, across the whole resolution. */
  nodes: number;
}

/**
 * A string or number input, following links to the node that holds it: the preferred input
 * names first, then the names primitive and text-utility nodes use.
 */
export function resolveScalar(graph: PromptGraph, input: unknown, preferredNames: readonly string[] = []): string | number | undefined {
  return resolveValue(graph, input, { preferredNames, textOnly: false, nodes: 0 }, 0);
}

/** Text from an input, joined over concatenation nodes and chosen through switches. */
export function comfyUiText(graph: PromptGraph, input: unknown): string | undefined {
  const value = resolveValue(graph, input, { preferredNames: [], textOnly: true, nodes: 0 }, 0);
  return typeof value === 'string' ? value : undefined;
}

function resolveValue(graph: PromptGraph, input: unknown, resolution: Resolution, depth: number): string | number | undefined {
  if (typeof input === 'string') return input;
  if (typeof input === 'number') return resolution.textOnly ? undefined : input;
  if (depth >= MAX_VALUE_DEPTH || resolution.nodes >= MAX_VALUE_NODES) return undefined;
  const id = linkedNodeId(input);
  const node = id === undefined ? undefined : graph.get(id);
  if (!node) return undefined;
  resolution.nodes += 1;
  const next = (value: unknown) => resolveValue(graph, value, resolution, depth + 1);

  const switched = switchedInput(node);
  if (switched !== undefined) return next(switched);
  const joined = concatenation(node, (value) => {
    const part = next(value);
    return part === undefined ? undefined : String(part);
  });
  if (joined !== undefined) return joined;
  for (const name of [...resolution.preferredNames, ...VALUE_INPUTS]) {
    const value = next(node.inputs[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Pairs of inputs string-joining nodes use (core StringConcatenate, WAS Text Concatenate, JoinStrings…). */
const CONCAT_PATTERN = /^(string|text)_?([a-z]|\d{1,2})$/;

function concatenation(node: PromptGraphNode, resolve: (value: unknown) => string | undefined): string | undefined {
  const parts = Object.keys(node.inputs)
    .filter((name) => CONCAT_PATTERN.test(name))
    .sort();
  if (parts.length < 2) return undefined;
  const delimiter = node.inputs['delimiter'] ?? node.inputs['separator'];
  const texts = parts.map((name) => resolve(node.inputs[name])).filter((text): text is string => text !== undefined && text !== '');
  return texts.length > 0 ? texts.join(typeof delimiter === 'string' ? delimiter.replace(/\\n/g, '\n') : '') : undefined;
}

/**
 * The input a switch passes on: `select` + `input1…` (Impact), a boolean with `on_true`/
 * `on_false`, or the first connected `any_01…` (rgthree's Any Switch).
 */
function switchedInput(node: PromptGraphNode): unknown {
  const { inputs } = node;
  const select = inputs['select'];
  if (typeof select === 'number' && Object.hasOwn(inputs, `input${select}`)) return inputs[`input${select}`];
  const condition = inputs['boolean'] ?? inputs['switch'] ?? inputs['condition'];
  if (typeof condition === 'boolean' && (Object.hasOwn(inputs, 'on_true') || Object.hasOwn(inputs, 'on_false'))) {
    return condition ? inputs['on_true'] : inputs['on_false'];
  }
  if (/switch/i.test(node.classType)) {
    const anyInput = Object.keys(inputs)
      .filter((name) => /^any_\d{1,2}$/.test(name))
      .sort()
      .find((name) => inputs[name] !== undefined && inputs[name] !== null);
    if (anyInput !== undefined) return inputs[anyInput];
  }
  return undefined;
}
