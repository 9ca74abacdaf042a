import { parseBoundedJson } from './bounded-json.ts';
import { extractFromPromptGraph, toPromptGraph, type ComfyUiGeneration } from './comfyui-prompt-graph.ts';
import { promptGraphFromUiWorkflow } from './comfyui-ui-workflow.ts';
import { buildGenerationMetadata, type GenerationMetadata } from './generation-metadata.ts';
import type { TextEntry } from './metadata-entries.ts';

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
export function parseComfyUiTexts(texts: ComfyUiTexts): ComfyUiGeneration | undefined {
  return parseComfyUiJson({
    prompt: texts.prompt === undefined ? undefined : parseBoundedJson(texts.prompt),
    workflow: texts.workflow === undefined ? undefined : parseBoundedJson(texts.workflow),
  });
}

/** The generation record of ComfyUI's texts, or undefined. */
export function parseComfyUiMetadata(texts: ComfyUiTexts): GenerationMetadata | undefined {
  const generation = parseComfyUiTexts(texts);
  return generation && buildGenerationMetadata({ generator: 'comfyui', ...generation });
}

/** The same from already-parsed JSON (an envelope may hold the graphs as objects or as JSON text). */
export function parseComfyUiJson(json: { prompt?: unknown; workflow?: unknown }): ComfyUiGeneration | undefined {
  const asValue = (value: unknown) => (typeof value === 'string' ? parseBoundedJson(value) : value);
  const promptGraph = toPromptGraph(asValue(json.prompt));
  const graph = promptGraph ?? promptGraphFromUiWorkflow(asValue(json.workflow));
  return graph && extractFromPromptGraph(graph);
}

const PREFIXED_JSON = /^\s{0,8}(prompt|workflow)\s{0,4}:\s{0,4}(?=[{[])/i;

/**
 * ComfyUI's WebP saver writes "prompt:{…}" into EXIF Model and "workflow:{…}" into Make, and
 * savers such as Save-Image-Extended write "Prompt: {…}" / "Workflow: {…}" into other text
 * tags; this picks them out of any EXIF strings as `prompt` / `workflow` entries.
 */
export function comfyUiEntriesFromPrefixes(texts: readonly (string | undefined)[]): TextEntry[] {
  const entries: TextEntry[] = [];
  for (const text of texts) {
    const match = text === undefined ? null : PREFIXED_JSON.exec(text);
    if (text === undefined || !match) continue;
    entries.push({ key: match[1]!.toLowerCase(), text: text.slice(match[0].length) });
  }
  return entries;
}
