import { z } from 'zod';
import type { PromptGraph } from './comfyui-prompt-graph.ts';

/**
 * ComfyUI's UI-format workflow (`nodes` with `type`, `inputs[].link` and positional
 * `widgets_values`, plus a `links` table), converted into the API-format graph so one
 * extractor serves both. Widget values are named only for the node types the extractor
 * reads; others keep just their links.
 */
const WIDGET_NAMES: Readonly<Record<string, readonly string[]>> = {
  KSampler: ['seed', 'control_after_generate', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'],
  KSamplerAdvanced: [
    'add_noise',
    'noise_seed',
    'control_after_generate',
    'steps',
    'cfg',
    'sampler_name',
    'scheduler',
    'start_at_step',
    'end_at_step',
    'return_with_leftover_noise',
  ],
  CLIPTextEncode: ['text'],
  CLIPTextEncodeSDXL: ['width', 'height', 'crop_w', 'crop_h', 'target_width', 'target_height', 'text_g', 'text_l'],
  LoraLoader: ['lora_name', 'strength_model', 'strength_clip'],
  LoraLoaderModelOnly: ['lora_name', 'strength_model'],
  PrimitiveString: ['value'],
  PrimitiveStringMultiline: ['value'],
  StringConcatenate: ['string_a', 'string_b', 'delimiter'],
  'SDXL Empty Latent Image (rgthree)': ['dimensions', 'clip_scale', 'batch_size'],
  CheckpointLoaderSimple: ['ckpt_name'],
  UNETLoader: ['unet_name', 'weight_dtype'],
  EmptyLatentImage: ['width', 'height', 'batch_size'],
  EmptySD3LatentImage: ['width', 'height', 'batch_size'],
  PrimitiveNode: ['value', 'control_after_generate'],
};

const MAX_NODES = 5000;
const MAX_LINKS = 20_000;

const nodeIdSchema = z.union([z.number().int(), z.string().max(100)]);
const workflowSchema = z.object({
  nodes: z.array(z.unknown()).max(MAX_NODES),
  links: z.array(z.unknown()).max(MAX_LINKS).catch([]),
});
const uiNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1).max(200),
  inputs: z
    .array(z.object({ name: z.string().max(200), link: z.number().int().nullish() }))
    .catch([]),
  widgets_values: z.array(z.unknown()).catch([]),
});
/** Older workflows store links as [id, origin, originSlot, target, targetSlot, type]; newer ones as objects. */
const uiLinkSchema = z.union([
  z.tuple([z.number().int(), nodeIdSchema, z.number().int()]).rest(z.unknown()),
  z
    .object({ id: z.number().int(), origin_id: nodeIdSchema, origin_slot: z.number().int() })
    .transform((link) => [link.id, link.origin_id, link.origin_slot] as const),
]);

export function promptGraphFromUiWorkflow(json: unknown): PromptGraph | undefined {
  const workflow = workflowSchema.safeParse(json);
  if (!workflow.success) return undefined;

  const linkSources = new Map<number, [string, number]>();
  for (const value of workflow.data.links) {
    const link = uiLinkSchema.safeParse(value);
    if (link.success) linkSources.set(link.data[0], [String(link.data[1]), link.data[2]]);
  }

  const graph: PromptGraph = new Map();
  for (const value of workflow.data.nodes) {
    const node = uiNodeSchema.safeParse(value);
    if (!node.success) continue;
    // A Map, turned into an object at the end, so an input named "__proto__" stays a plain key.
    const inputs = new Map<string, unknown>();
    const widgetNames = WIDGET_NAMES[node.data.type] ?? [];
    widgetNames.forEach((name, index) => {
      const widgetValue = node.data.widgets_values[index];
      if (widgetValue !== undefined) inputs.set(name, widgetValue);
    });
    // A linked input overrides its widget (a widget converted to an input keeps a stale value).
    for (const input of node.data.inputs) {
      const source = input.link == null ? undefined : linkSources.get(input.link);
      if (source) inputs.set(input.name, source);
    }
    graph.set(String(node.data.id), { classType: node.data.type, inputs: Object.fromEntries(inputs) });
  }
  return graph.size > 0 ? graph : undefined;
}
