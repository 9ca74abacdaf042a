/** Default cap on embedded JSON: large ComfyUI workflows run to a few hundred KB. */
export const MAX_METADATA_JSON_CHARS = 2 * 1024 * 1024;
/** Real metadata nests a handful of levels; deeper is hostile and would stress every walker. */
const MAX_JSON_DEPTH = 64;

/**
 * JSON.parse for untrusted metadata: the size and nesting depth are checked before parsing
 * (parse time, memory and any later walk grow with them), and invalid JSON yields undefined
 * instead of an exception.
 */
export function parseBoundedJson(text: string, maxChars = MAX_METADATA_JSON_CHARS): unknown {
  if (text.length > maxChars || nestingDepth(text) > MAX_JSON_DEPTH) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object (not an array, string or number), or undefined. */
export function parseJsonObject(text: string | undefined, maxChars = MAX_METADATA_JSON_CHARS): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  const value = parseBoundedJson(trimmed, maxChars);
  return isJsonObject(value) ? value : undefined;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether text starts the way a JSON object or array of objects/strings does (`{"`, `{}`,
 * `[{`, `["`, or a lone bracket), even when cut short. Prompts use braces and brackets too ("{red|blue} car",
 * "[cat:dog:0.5]"), but never open with a quoted key.
 */
export function startsLikeJson(text: string): boolean {
  return /^\s{0,64}(\{\s{0,64}(["}]|$)|\[\s{0,64}([{"\]]|$))/.test(text);
}

/**
 * Whether text is JSON, whole or cut short: such text is a format we failed to recognise,
 * never a prompt.
 */
export function looksLikeJson(text: string): boolean {
  if (startsLikeJson(text)) return true;
  const first = text[0];
  if (first !== '{' && first !== '[') return false;
  const value = parseBoundedJson(text);
  return typeof value === 'object' && value !== null;
}

/** Deepest bracket nesting outside strings; stops counting once past the limit. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > MAX_JSON_DEPTH) return deepest;
      }
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}
