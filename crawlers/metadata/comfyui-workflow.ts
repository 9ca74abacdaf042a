import { parseBoundedJson } from './bounded-json.ts';
import { extractFromPromptGraph, toPromptGraph } from './comfyui-prompt-graph.ts';
import { promptGraphFromUiWorkflow } from './comfyui-ui-workflow.ts';
import { buildGenerationMetadata, type GenerationMetadata } from './generation-metadata.ts';

/** The two JSON texts ComfyUI embeds: `prompt` (API format, what ran) and `workflow` (the editor's graph). */
export interface ComfyUiTexts {
  prompt?: string | undefined;
  workflow?: string | undefined;
}

/**
 * Generation settings from ComfyUI's embedded JSON. The API-format prompt is preferred: it is
 * what actually ran, with every widget value named. The UI workflow is the fallback when the
 * prompt is missing or unreadable. Undefined when neither yields anything.
 */
export function parseComfyUiMetadata(texts: ComfyUiTexts): GenerationMetadata | undefined {
  const promptGraph = texts.prompt === undefined ? undefined : toPromptGraph(parseBoundedJson(texts.prompt));
  const workflowGraph = () =>
    texts.workflow === undefined ? undefined : promptGraphFromUiWorkflow(parseBoundedJson(texts.workflow));
  const graph = promptGraph ?? workflowGraph();
  const generation = graph && extractFromPromptGraph(graph);
  if (!generation) return undefined;
  return buildGenerationMetadata({ generator: 'comfyui', ...generation });
}

/**
 * ComfyUI's WebP saver stores the same JSON in EXIF text tags as "prompt:{…}" and
 * "workflow:{…}"; this picks them out of any list of EXIF strings.
 */
export function comfyUiTextsFromExif(values: readonly (string | undefined)[]): ComfyUiTexts {
  const texts: ComfyUiTexts = {};
  for (const value of values) {
    if (value === undefined) continue;
    if (texts.prompt === undefined && value.startsWith('prompt:')) texts.prompt = value.slice('prompt:'.length);
    if (texts.workflow === undefined && value.startsWith('workflow:')) texts.workflow = value.slice('workflow:'.length);
  }
  return texts;
}
