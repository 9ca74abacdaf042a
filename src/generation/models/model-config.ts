import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The models file (MODELS_FILE) is missing fields or malformed; the message names the field. */
export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

const envNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name');
const timeoutSchema = z.number().int().min(1_000).max(3_600_000);
const pollSchema = z.number().int().min(50).max(60_000);
const pixelsSchema = z.number().int().min(64).max(4096);

const openAiSchema = z.object({
  kind: z.literal('openai'),
  baseUrl: z.url().default('https://api.openai.com'),
  apiKeyEnv: envNameSchema.optional(),
  model: z.string().min(1),
  quality: z.string().min(1).optional(),
  timeoutMs: timeoutSchema.default(180_000),
});

const automatic1111Schema = z.object({
  kind: z.literal('automatic1111'),
  baseUrl: z.url(),
  /** Environment variable holding `user:password` for a WebUI started with --api-auth. */
  basicAuthEnv: envNameSchema.optional(),
  /** Checkpoint name as the WebUI lists it (sd_model_checkpoint). */
  model: z.string().min(1),
  steps: z.number().int().min(1).max(150).default(28),
  cfgScale: z.number().min(1).max(30).default(7),
  samplerName: z.string().min(1).default('DPM++ 2M'),
  denoisingStrength: z.number().min(0).max(1).default(0.6),
  timeoutMs: timeoutSchema.default(300_000),
});

const comfyUiSchema = z.object({
  kind: z.literal('comfyui'),
  baseUrl: z.url(),
  /** Checkpoint file name, placed where the workflow says `$checkpoint`. */
  model: z.string().min(1),
  /** API-format workflow; relative to the models file. Default: the shipped txt2img graph. */
  workflowFile: z.string().min(1).optional(),
  pollIntervalMs: pollSchema.default(1_000),
  timeoutMs: timeoutSchema.default(300_000),
});

const replicateSchema = z.object({
  kind: z.literal('replicate'),
  baseUrl: z.url().default('https://api.replicate.com'),
  apiKeyEnv: envNameSchema.optional(),
  /** `owner/name`, `owner/name:version` or a version id. */
  model: z.string().min(1),
  /** Whether the model's input schema has an `image` field for a reference image. */
  acceptsReferenceImage: z.boolean().default(false),
  pollIntervalMs: pollSchema.default(1_500),
  timeoutMs: timeoutSchema.default(300_000),
});

const offlineSchema = z.object({
  kind: z.literal('offline'),
  model: z.enum(['sketch', 'detailed']),
});

export const providerConfigSchema = z.discriminatedUnion('kind', [openAiSchema, automatic1111Schema, comfyUiSchema, replicateSchema, offlineSchema]);
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

const creditsSchema = z.number().int().min(0).max(10_000);
const sizeSchema = z.tuple([pixelsSchema, pixelsSchema]);

export const modelConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lowercase letters, digits, ".", "_" or "-"'),
  label: z.string().min(1).max(80),
  provider: providerConfigSchema,
  /** One price for every aspect, or one per aspect. */
  costCredits: z.union([creditsSchema, z.object({ square: creditsSchema, portrait: creditsSchema, landscape: creditsSchema })]),
  /** Pixel size per aspect; default depends on the provider and model. */
  sizes: z.object({ square: sizeSchema, portrait: sizeSchema, landscape: sizeSchema }).optional(),
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export const modelsFileSchema = z
  .object({ models: z.array(modelConfigSchema).min(1) })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.models.forEach((model, index) => {
      if (seen.has(model.id)) context.addIssue({ code: 'custom', path: ['models', index, 'id'], message: `duplicate model id "${model.id}"` });
      seen.add(model.id);
    });
  });
export type ModelsFile = z.infer<typeof modelsFileSchema>;

/** Validates parsed JSON; `source` names the file in the error. */
export function parseModelsFile(json: unknown, source = 'models file'): ModelsFile {
  const parsed = modelsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelConfigError(`${source}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Reads MODELS_FILE. Unset means "no file" (the offline models); a named file that is missing,
 * unreadable or invalid is an error, since someone meant to configure providers.
 */
export async function loadModelsFile(file: string | undefined): Promise<ModelsFile | null> {
  if (!file) return null;
  const resolved = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(resolved, 'utf8'));
  } catch (error) {
    throw new ModelConfigError(`${resolved}: cannot be read as JSON: ${(error as Error).message}`);
  }
  const models = parseModelsFile(json, resolved);
  return { models: models.models.map((model) => resolveWorkflowPath(model, path.dirname(resolved))) };
}

/** Workflow paths in the file are relative to the file, not to wherever the process started. */
function resolveWorkflowPath(model: ModelConfig, baseDir: string): ModelConfig {
  if (model.provider.kind !== 'comfyui' || !model.provider.workflowFile) return model;
  return { ...model, provider: { ...model.provider, workflowFile: path.resolve(baseDir, model.provider.workflowFile) } };
}
