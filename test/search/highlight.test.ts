import { describe, expect, it } from 'vitest';
import { escapeHtml, HIGHLIGHT_END, HIGHLIGHT_START, renderHighlight } from '../../src/search/highlight.ts';

const mark = (text: string) => `${HIGHLIGHT_START}${text}${HIGHLIGHT_END}`;

describe('highlight rendering', () => {
  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('wraps marked matches in <mark> after escaping the whole text', () => {
    expect(renderHighlight(`<script>alert(1)</script> ${mark('neon')} & ${mark('city')}`)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>neon</mark> &amp; <mark>city</mark>',
    );
  });

  it('never lets markup through inside a match', () => {
    expect(renderHighlight(mark('<img src=x onerror=alert(1)>'))).toBe('<mark>&lt;img src=x onerror=alert(1)&gt;</mark>');
  });

  it('drops unpaired or empty sentinels, never producing unbalanced tags', () => {
    expect(renderHighlight(`a ${HIGHLIGHT_START}b c${HIGHLIGHT_END}${HIGHLIGHT_END} ${HIGHLIGHT_START}`)).toBe('a <mark>b c</mark> ');
    expect(renderHighlight(`${HIGHLIGHT_START}${HIGHLIGHT_START}x${HIGHLIGHT_END}`)).toBe('<mark>x</mark>');
    expect(renderHighlight(`${HIGHLIGHT_START}${HIGHLIGHT_END}`)).toBe('');
  });

  it('leaves text without matches merely escaped', () => {
    expect(renderHighlight('plain "text"')).toBe('plain &quot;text&quot;');
  });
});
