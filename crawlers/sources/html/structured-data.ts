import type { z } from 'zod';
import type { htmlOptionsSchema } from '../../config/source-config.ts';

export type NextDataOptions = NonNullable<z.output<typeof htmlOptionsSchema>['nextData']>;

/** One item as structured data describes it, before bounding and checking (extractedItemSchema). */
export interface RawItem {
  image: string | null;
  prompt: string | null;
  negativePrompt: string | null;
  model: string | null;
  author: string | null;
  authorLink: string | null;
  postLink: string | null;
  params: Record<string, string | number | boolean>;
}

const MAX_ITEMS = 5_000;
const MAX_DEPTH = 8;
/** schema.org types whose objects are artworks (VisualArtwork and Photograph are CreativeWorks). */
const ARTWORK_TYPES = new Set(['ImageObject', 'CreativeWork', 'VisualArtwork', 'Photograph']);

/** RFC 6901 pointer into parsed JSON; undefined when any step is missing. */
export function readJsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current = document;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(key)) current = current[Number(key)];
    else if (isObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Items of a Next.js page's embedded props: the array at itemsPointer, each field at its pointer. */
export function itemsFromNextData(json: unknown, options: NextDataOptions, baseUrl: string): RawItem[] {
  const list = readJsonPointer(json, options.itemsPointer);
  if (!Array.isArray(list)) return [];
  const { fields } = options;
  const at = (item: unknown, pointer: string | undefined) => (pointer === undefined ? null : scalarText(readJsonPointer(item, pointer)));
  return list.slice(0, MAX_ITEMS).map((item) => ({
    image: absoluteUrl(at(item, fields.image), baseUrl),
    prompt: at(item, fields.prompt),
    negativePrompt: at(item, fields.negativePrompt),
    model: at(item, fields.model),
    author: at(item, fields.author),
    authorLink: absoluteUrl(at(item, fields.authorLink), baseUrl),
    postLink: absoluteUrl(at(item, fields.postLink), baseUrl),
    params: fields.params === undefined ? {} : scalarEntries(readJsonPointer(item, fields.params)),
  }));
}

/**
 * Artworks described by the page's JSON-LD blocks: ImageObject and CreativeWork objects with an
 * image, wherever they sit (top level, @graph, an ItemList's elements). An artwork's own nested
 * objects (its image, its author) are read as part of it, not as artworks of their own.
 */
export function itemsFromJsonLd(blocks: readonly string[], baseUrl: string): RawItem[] {
  const items: RawItem[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > MAX_DEPTH || items.length >= MAX_ITEMS) return;
    if (Array.isArray(node)) {
      for (const element of node) visit(element, depth + 1);
      return;
    }
    if (!isObject(node)) return;
    if (typesOf(node).some((type) => ARTWORK_TYPES.has(type))) {
      const item = itemFromJsonLdObject(node, baseUrl);
      if (item.image) {
        items.push(item);
        return;
      }
    }
    for (const value of Object.values(node)) visit(value, depth + 1);
  };
  for (const block of blocks) {
    try {
      visit(JSON.parse(block), 0);
    } catch {
      // A broken block says nothing; the others (and the DOM) still may.
    }
  }
  return items;
}

function itemFromJsonLdObject(node: Record<string, unknown>, baseUrl: string): RawItem {
  const isImage = typesOf(node).includes('ImageObject');
  const image = scalarText(node.contentUrl) ?? urlOf(node.image) ?? (isImage ? scalarText(node.url) : null) ?? scalarText(node.thumbnailUrl);
  // An ImageObject's url may be its page or the file itself; a CreativeWork's url is its page.
  const ownUrl = scalarText(node.url);
  const page = urlOf(node.mainEntityOfPage) ?? (ownUrl && ownUrl !== image ? ownUrl : null);
  const author = firstOf(node.author) ?? firstOf(node.creator);
  const properties = propertyValues(node.additionalProperty);
  const { negativePrompt, model, ...params } = properties;
  return {
    image: absoluteUrl(image, baseUrl),
    prompt: scalarText(node.caption) ?? scalarText(node.description) ?? scalarText(node.text) ?? scalarText(node.name),
    negativePrompt: negativePrompt === undefined ? null : String(negativePrompt),
    model: model === undefined ? null : String(model),
    author: typeof author === 'string' ? author : isObject(author) ? scalarText(author.name) : null,
    authorLink: absoluteUrl(isObject(author) ? scalarText(author.url) : null, baseUrl),
    postLink: absoluteUrl(page, baseUrl),
    params,
  };
}

/** OpenGraph tags of a post page as an item: og:image, and og:description as the prompt. */
export function itemFromOpenGraph(tags: Readonly<Record<string, string>>, baseUrl: string): RawItem {
  return {
    image: absoluteUrl(tags['og:image:secure_url'] ?? tags['og:image'] ?? null, baseUrl),
    prompt: tags['og:description'] ?? null,
    negativePrompt: null,
    model: null,
    author: null,
    authorLink: null,
    postLink: absoluteUrl(tags['og:url'] ?? null, baseUrl),
    params: {},
  };
}

/** schema.org PropertyValue list → parameters; "negative prompt" and "model" get their own fields. */
function propertyValues(value: unknown): Record<string, string | number | boolean> {
  const entries: Record<string, string | number | boolean> = {};
  for (const property of Array.isArray(value) ? value : [value]) {
    if (!isObject(property)) continue;
    const name = scalarText(property.name) ?? scalarText(property.propertyID);
    const raw = property.value;
    if (!name || !(typeof raw === 'string' || typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw)))) continue;
    const normalized = name.toLowerCase().replace(/[\s_-]+/g, '');
    const key = normalized === 'negativeprompt' ? 'negativePrompt' : normalized === 'model' ? 'model' : name;
    entries[key] = raw;
  }
  return entries;
}

function scalarEntries(value: unknown): Record<string, string | number | boolean> {
  if (!isObject(value)) return {};
  const entries: Record<string, string | number | boolean> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' || typeof entry === 'boolean' || (typeof entry === 'number' && Number.isFinite(entry))) entries[key] = entry;
  }
  return entries;
}

function typesOf(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((entry): entry is string => typeof entry === 'string');
}

/** A URL given as a string, an ImageObject/WebPage ({contentUrl|url|@id}), or a list of those. */
function urlOf(value: unknown): string | null {
  const first = firstOf(value);
  if (typeof first === 'string') return first;
  if (!isObject(first)) return null;
  return scalarText(first.contentUrl) ?? scalarText(first.url) ?? scalarText(first['@id']);
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Relative URLs are resolved against the page; anything but http(s) is dropped. */
export function absoluteUrl(value: string | null, baseUrl: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
