/** Default cap on embedded JSON: large ComfyUI workflows run to a few hundred KB. */
export const MAX_METADATA_JSON_CHARS = 2 * 1024 * 1024;

/**
 * JSON.parse for untrusted metadata: the size is checked before parsing (parse time and
 * memory grow with it), and invalid JSON yields undefined instead of an exception.
 */
export function parseBoundedJson(text: string, maxChars = MAX_METADATA_JSON_CHARS): unknown {
  if (text.length > maxChars) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
