/** Plain-text helpers for pages: every result here is still escaped by `html` when shown. */

const ALT_WORDS = 12;
const ALT_MAX_CHARS = 110;

/** The first words of a prompt, for alt text and titles ("a quiet lighthouse on a cliff…"). */
export function firstWords(prompt: string, words = ALT_WORDS, maxChars = ALT_MAX_CHARS): string {
  const all = prompt.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return 'Untitled artwork';
  let out = all.slice(0, words).join(' ');
  if (out.length > maxChars) out = out.slice(0, maxChars).replace(/\s+\S*$/, '') || out.slice(0, maxChars);
  return out.length < prompt.trim().length ? `${out.replace(/[\s,.;:]+$/, '')}…` : out;
}

/** Shortened for meta descriptions: whitespace collapsed, cut on a word boundary. */
export function summary(text: string, maxChars = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  return `${flat.slice(0, maxChars).replace(/\s+\S*$/, '')}…`;
}

/** The first line of the prompt, capped, for tile captions. */
export function firstLine(prompt: string, maxChars = 180): string {
  const line = prompt.trim().split('\n', 1)[0] ?? '';
  return line.length > maxChars ? `${line.slice(0, maxChars).trimEnd()}…` : line;
}

/**
 * The first line of an engine's highlighted prompt (already-escaped HTML whose only tags
 * are <mark> and </mark>), cut after `maxChars` visible characters without splitting an
 * entity or leaving a <mark> open.
 */
export function firstLineOfHighlight(highlighted: string, maxChars = 180): string {
  let out = '';
  let visible = 0;
  let open = false;
  let i = 0;
  const source = highlighted.trimStart();
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\n') break;
    if (char === '<') {
      const end = source.indexOf('>', i);
      if (end === -1) break;
      const tag = source.slice(i, end + 1);
      open = tag === '<mark>' ? true : tag === '</mark>' ? false : open;
      out += tag;
      i = end + 1;
      continue;
    }
    if (visible >= maxChars) {
      out += '…';
      break;
    }
    if (char === '&') {
      const end = source.indexOf(';', i);
      const entity = end === -1 || end - i > 10 ? '&amp;' : source.slice(i, end + 1);
      out += entity;
      i = end === -1 || end - i > 10 ? i + 1 : end + 1;
    } else {
      out += char;
      i += 1;
    }
    visible += 1;
  }
  return open ? `${out}</mark>` : out;
}

const COUNT = new Intl.NumberFormat('en');
export const formatCount = (value: number): string => COUNT.format(value);

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
export const formatDate = (iso: string): string => DATE.format(new Date(iso));

/** Crawled links were checked at ingest; this keeps anything but http(s) out of an href anyway. */
export function externalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
