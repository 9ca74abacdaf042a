import { z } from 'zod';

export const PROMPT_MAX_CHARS = 2000;
export const NEGATIVE_PROMPT_MAX_CHARS = 1000;
/** Seeds fit the 32-bit range every provider (A1111, ComfyUI, Replicate) accepts. */
export const SEED_MAX = 2 ** 32 - 1;

/** Control characters (other than tab and line breaks) have no place in a prompt and confuse providers. */
function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

function promptText(field: string, max: number) {
  return z
    .string(`${field} must be text`)
    .trim()
    .max(max, `${field} is limited to ${max} characters`)
    .refine((value) => !hasControlCharacters(value), `${field} contains control characters`);
}

/** A reference image sent inline as a data URL; decoded and checked by the media pipeline. */
const referenceImageSchema = z
  .string()
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'referenceImage must be a data: URL of a PNG, JPEG or WebP image in base64')
  .transform((value) => Buffer.from(value.slice(value.indexOf(',') + 1), 'base64'));

/** A generation's address (GET /api/generations/:id, the MCP tool get_generation). */
export const generationIdSchema = z.object({ id: z.uuid() });

/** The body of POST /api/generations. */
export const generationRequestSchema = z.object({
  prompt: promptText('prompt', PROMPT_MAX_CHARS).pipe(z.string().min(1, 'prompt must not be empty')),
  negativePrompt: promptText('negativePrompt', NEGATIVE_PROMPT_MAX_CHARS)
    .optional()
    .transform((value) => (value ? value : null)),
  model: z.string('model is required').min(1).max(100),
  aspect: z.enum(['square', 'portrait', 'landscape'], 'aspect must be square, portrait or landscape').default('square'),
  seed: z.int('seed must be a whole number').min(0).max(SEED_MAX).optional(),
  artworkId: z.string().regex(/^\d{1,18}$/, 'artworkId must be a numeric artwork id').optional(),
  referenceImage: referenceImageSchema.optional(),
});

export type GenerationRequest = z.output<typeof generationRequestSchema>;
