import type { RawParamValue } from './generation-metadata.ts';

/** Reading generator JSON, whose field types are never guaranteed: wrong types read as absent. */
export type JsonObject = Record<string, unknown>;

/** The first of `keys` that holds a non-empty string. */
export function jsonText(json: JsonObject, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = json[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** The first of `keys` that holds a string or number (numbers are often written as text). */
export function jsonScalar(json: JsonObject, ...keys: string[]): string | number | undefined {
  for (const key of keys) {
    const value = json[key];
    if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) return value;
  }
  return undefined;
}

/**
 * The object's other top-level scalar fields, under their own names, for the "all parameters"
 * view; nested objects and arrays are left out (they are structure, not settings).
 */
export function rawScalarFields(json: JsonObject, exclude: readonly string[]): [string, RawParamValue][] {
  const skipped = new Set(exclude);
  const fields: [string, RawParamValue][] = [];
  for (const [key, value] of Object.entries(json)) {
    if (fields.length >= 64) break;
    if (skipped.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number') fields.push([key, value]);
    else if (typeof value === 'boolean') fields.push([key, String(value)]);
  }
  return fields;
}

/** The file name of a model path ("models/sd/x.safetensors" → "x.safetensors"). */
export function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}
