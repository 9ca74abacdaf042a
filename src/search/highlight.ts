/**
 * Highlighting shared by both engines. Each engine marks matches with these sentinels
 * (ts_headline StartSel/StopSel, Meilisearch highlightPreTag/PostTag); we then escape the
 * whole text and only afterwards turn sentinel pairs into <mark>, so no byte of the
 * prompt is ever interpreted as HTML.
 */

/** Private-use code points: they never occur in HTML syntax and survive both engines untouched. */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const MARKED = /\uE000([^\uE000\uE001]+)\uE001/g;
const STRAY_SENTINEL = /[\uE000\uE001]/g;

/** Text with sentinel-delimited matches → safe HTML with <mark> around the matches. */
export function renderHighlight(marked: string): string {
  // A prompt that itself contains a sentinel can at worst cause a spurious <mark>; never markup.
  return escapeHtml(marked).replace(MARKED, '<mark>$1</mark>').replace(STRAY_SENTINEL, '');
}

const HTML_SIGNIFICANT = /[&<>"']/;
const unchanged = (text: string) => text;
const HAS_SENTINEL = /[\uE000\uE001]/;

/**
 * The prompt as safe HTML with every word whose folded form is one of `words` in <mark>. Built
 * in one pass (each piece escaped, then wrapped) rather than through sentinels: it runs for
 * every result of every search. Sentinel characters in the prompt itself are dropped, as
 * renderHighlight drops stray ones.
 */
export function highlightWords(
  prompt: string,
  words: ReadonlySet<string>,
  tokensAmong: (text: string, words: ReadonlySet<string>) => { start: number; end: number }[],
): string {
  const text = HAS_SENTINEL.test(prompt) ? prompt.replace(STRAY_SENTINEL, '') : prompt;
  // Most prompts have nothing to escape: one test spares a replace per piece.
  const escape = HTML_SIGNIFICANT.test(text) ? escapeHtml : unchanged;
  if (words.size === 0) return escape(text);
  let html = '';
  let at = 0;
  for (const token of tokensAmong(text, words)) {
    html += `${escape(text.slice(at, token.start))}<mark>${escape(text.slice(token.start, token.end))}</mark>`;
    at = token.end;
  }
  return html + escape(text.slice(at));
}
