import { buildGenerationMetadata, finiteNumber, seedFromJson, sizeFrom, type GenerationMetadata } from './generation-metadata.ts';
import { baseName } from './json-fields.ts';

/**
 * Easy Diffusion writes each setting under its own name, as PNG text chunks or as one JSON
 * object (EXIF UserComment), in snake_case (`use_stable_diffusion_model`, `num_inference_steps`)
 * or, in newer versions, as labels ("Stable Diffusion model", "Steps"). `read` looks a name up
 * in whichever the file has.
 */
export type FieldReader = (name: string) => unknown;

const FIELDS = {
  prompt: ['prompt', 'Prompt'],
  negativePrompt: ['negative_prompt', 'Negative Prompt'],
  model: ['use_stable_diffusion_model', 'Stable Diffusion model'],
  seed: ['seed', 'Seed'],
  steps: ['num_inference_steps', 'Steps'],
  cfg: ['guidance_scale', 'Guidance Scale'],
  sampler: ['sampler_name', 'Sampler'],
  width: ['width', 'Width'],
  height: ['height', 'Height'],
  clipSkip: ['clip_skip', 'Clip Skip'],
  vae: ['use_vae_model', 'VAE model'],
  lora: ['use_lora_model', 'LoRA model'],
  loraStrength: ['lora_alpha', 'LoRA Strength'],
} as const;

/** Whether the fields are Easy Diffusion's: its model field name is its own. */
export function isEasyDiffusion(read: FieldReader): boolean {
  return FIELDS.model.some((name) => read(name) !== undefined) || read('Negative Prompt') !== undefined;
}

export function parseEasyDiffusion(read: FieldReader): GenerationMetadata {
  const field = (names: readonly string[]) => names.map(read).find((value) => value !== undefined && value !== '');
  const text = (names: readonly string[]) => {
    const value = field(names);
    return typeof value === 'string' ? value : undefined;
  };
  const lora = text(FIELDS.lora);
  const loraWeight = finiteNumber(field(FIELDS.loraStrength));
  return buildGenerationMetadata({
    generator: 'easy-diffusion',
    prompt: text(FIELDS.prompt),
    negativePrompt: text(FIELDS.negativePrompt),
    model: baseName(text(FIELDS.model)),
    resources: lora ? [loraWeight === undefined ? { kind: 'lora', name: baseName(lora)! } : { kind: 'lora', name: baseName(lora)!, weight: loraWeight }] : [],
    params: [
      ['seed', seedFromJson(field(FIELDS.seed))],
      ['steps', finiteNumber(field(FIELDS.steps))],
      ['cfgScale', finiteNumber(field(FIELDS.cfg))],
      ['sampler', text(FIELDS.sampler)],
      ['size', sizeFrom(field(FIELDS.width), field(FIELDS.height))],
      ['clipSkip', finiteNumber(field(FIELDS.clipSkip))],
      ['vae', text(FIELDS.vae)],
    ],
  });
}
