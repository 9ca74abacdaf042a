import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The shipped txt2img graph, used when a model names no workflow file of its own. */
export const DEFAULT_WORKFLOW_FILE = fileURLToPath(new URL('./comfyui-workflow.template.json', import.meta.url));

/** Values a workflow template can ask for; a string input equal to `$name` is replaced by the value. */
export interface WorkflowValues {
  prompt: string;
  negative: string;
  seed: number;
  width: number;
  height: number;
  checkpoint: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/** ComfyUI's API format: node id → {class_type, inputs}. */
const workflowSchema = z
  .record(z.string(), z.object({ class_type: z.string().min(1), inputs: z.record(z.string(), jsonValueSchema) }).loose())
  .refine((graph) => Object.keys(graph).length > 0, 'workflow has no nodes');

export type Workflow = z.infer<typeof workflowSchema>;

export class WorkflowTemplateError extends Error {
  override name = 'WorkflowTemplateError';
}

/** Reads and validates a template; it must use `$prompt` somewhere or the prompt would be ignored. */
export async function loadWorkflowTemplate(file: string): Promise<Workflow> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new WorkflowTemplateError(`ComfyUI workflow ${file} cannot be read: ${(error as Error).message}`);
  }
  const parsed = workflowSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorkflowTemplateError(`ComfyUI workflow ${file}: ${issue?.path.join('.') || 'graph'}: ${issue?.message ?? 'invalid'} (API format expected)`);
  }
  if (!JSON.stringify(parsed.data).includes('"$prompt"')) {
    throw new WorkflowTemplateError(`ComfyUI workflow ${file} has no "$prompt" input`);
  }
  return parsed.data;
}

/**
 * Returns a copy of the graph with placeholders replaced. Values are placed as JSON values,
 * never spliced into text, so an untrusted prompt cannot change the graph's structure.
 */
export function fillWorkflow(template: Workflow, values: WorkflowValues): Workflow {
  const placeholders = new Map<string, JsonValue>(Object.entries(values).map(([name, value]) => [`$${name}`, value]));
  const fill = (node: JsonValue): JsonValue => {
    if (typeof node === 'string') return placeholders.has(node) ? (placeholders.get(node) ?? node) : node;
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, fill(child)]));
    return node;
  };
  return workflowSchema.parse(fill(template as JsonValue));
}
