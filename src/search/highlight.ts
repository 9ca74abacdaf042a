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

/** The prompt as safe HTML with every word whose folded form is one of `words` in <mark>. */
export function highlightWords(
  prompt: string,
  words: ReadonlySet<string>,
  tokensAmong: (text: string, words: ReadonlySet<string>) => { start: number; end: number }[],
): string {
  if (words.size === 0) return escapeHtml(prompt);
  let marked = '';
  let at = 0;
  for (const token of tokensAmong(prompt, words)) {
    marked += prompt.slice(at, token.start) + HIGHLIGHT_START + prompt.slice(token.start, token.end) + HIGHLIGHT_END;
    at = token.end;
  }
  return renderHighlight(marked + prompt.slice(at));
}
