import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GeneratedImage, ImageGenerationRequest, ImageProvider } from './image-provider.ts';
import { ProviderError } from './image-provider.ts';
import { fillWorkflow, loadWorkflowTemplate, type Workflow } from './comfyui-workflow.ts';
import { ProviderCall, endpoint } from './provider-call.ts';

export interface ComfyUiOptions {
  baseUrl: string;
  /** API-format workflow with `$prompt`, `$negative`, `$seed`, `$width`, `$height`, `$checkpoint` inputs. */
  workflowFile: string;
  timeoutMs: number;
  pollIntervalMs: number;
}

const queuedSchema = z.object({ prompt_id: z.string().min(1) });

const imageRefSchema = z.object({ filename: z.string().min(1), subfolder: z.string().default(''), type: z.string().default('output') });

const historyEntrySchema = z.object({
  outputs: z.record(z.string(), z.object({ images: z.array(imageRefSchema).optional() }).loose()).default({}),
  status: z.object({ status_str: z.string().optional(), completed: z.boolean().optional() }).loose().optional(),
});

/** `{}` while the prompt is queued or running; `{[prompt_id]: entry}` once it has finished. */
const historySchema = z.record(z.string(), historyEntrySchema);

const promptErrorSchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string(), details: z.string().optional() }).loose()]),
  node_errors: z.record(z.string(), z.unknown()).optional(),
});

/** ComfyUI: queue a filled workflow, poll its history until outputs appear, fetch the image. */
export function createComfyUiProvider(options: ComfyUiOptions): ImageProvider {
  // Read once, on first use; a broken template fails each generation rather than start-up.
  let template: Promise<Workflow> | undefined;

  return {
    kind: 'comfyui',
    async generate(request: ImageGenerationRequest): Promise<GeneratedImage> {
      const call = new ProviderCall('ComfyUI', request.signal, options.timeoutMs);
      // The workflow has no image input; silently dropping the reference would mislead the user.
      if (request.referenceImage) throw new ProviderError('ComfyUI models here do not take a reference image', 'permanent');
      template ??= loadWorkflowTemplate(options.workflowFile);
      const workflow = fillWorkflow(
        await template.catch((error: unknown) => {
          template = undefined;
          throw new ProviderError((error as Error).message, 'permanent', { cause: error });
        }),
        {
          prompt: request.prompt,
          negative: request.negativePrompt ?? '',
          seed: request.seed,
          width: request.width,
          height: request.height,
          checkpoint: request.providerModel,
        },
      );

      const promptId = await queuePrompt(call, options.baseUrl, workflow);
      try {
        const image = await waitForImage(call, options, promptId);
        const url = endpoint(options.baseUrl, '/view');
        url.search = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type }).toString();
        return { data: await call.download(url), seed: request.seed };
      } catch (error) {
        if (call.signal.aborted) await removeFromQueue(options.baseUrl, promptId);
        throw error;
      }
    },
  };
}

async function queuePrompt(call: ProviderCall, baseUrl: string, workflow: Workflow): Promise<string> {
  const response = await call.send(endpoint(baseUrl, '/prompt'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: workflow, client_id: randomUUID() }),
  });
  await call.ensureOk(response, explainPromptError);
  return (await call.readJson(response, queuedSchema)).prompt_id;
}

async function waitForImage(call: ProviderCall, options: ComfyUiOptions, promptId: string): Promise<z.infer<typeof imageRefSchema>> {
  const historyUrl = endpoint(options.baseUrl, `/history/${encodeURIComponent(promptId)}`);
  for (;;) {
    const response = await call.send(historyUrl);
    await call.ensureOk(response);
    const entry = (await call.readJson(response, historySchema))[promptId];
    if (entry) {
      if (entry.status?.status_str === 'error') throw new ProviderError('ComfyUI failed to run the workflow', 'permanent');
      const image = Object.values(entry.outputs).flatMap((output) => output.images ?? []).find((ref) => ref.type === 'output');
      if (image) return image;
      if (entry.status?.completed) throw new ProviderError('ComfyUI finished without an output image', 'permanent');
    }
    await call.pause(options.pollIntervalMs);
  }
}

/** Best effort, on its own short deadline: the caller's signal has already fired. */
async function removeFromQueue(baseUrl: string, promptId: string): Promise<void> {
  await fetch(endpoint(baseUrl, '/queue'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ delete: [promptId] }),
    signal: AbortSignal.timeout(5_000),
  }).then(
    (response) => response.body?.cancel(),
    () => undefined,
  );
}

function explainPromptError(body: unknown): string | undefined {
  const parsed = promptErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, node_errors: nodeErrors } = parsed.data;
  const message = typeof error === 'string' ? error : [error.message, error.details].filter(Boolean).join(': ');
  const nodes = Object.keys(nodeErrors ?? {});
  return nodes.length > 0 ? `${message} (nodes ${nodes.join(', ')})` : message;
}
