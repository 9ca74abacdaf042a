import { describe, expect, it } from 'vitest';
import { escapeHtml, HIGHLIGHT_END, HIGHLIGHT_START, highlightWords, renderHighlight } from '../../src/search/highlight.ts';
import { tokensAmong } from '../../src/search/text/prompt-tokens.ts';

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

describe('highlighting words of a prompt', () => {
  const sentinelWay = (prompt: string, words: ReadonlySet<string>) => {
    let marked = '';
    let at = 0;
    for (const token of tokensAmong(prompt, words)) {
      marked += prompt.slice(at, token.start) + mark(prompt.slice(token.start, token.end));
      at = token.end;
    }
    return renderHighlight(marked + prompt.slice(at));
  };

  it('marks exactly what marking with sentinels and rendering would, escaping everything else', () => {
    const prompts = [
      'a (Castle:1.2) on a hill, <lora:dark_castle:0.8> & "castles" <b>castle</b>',
      "l'été, café CASTLE, 8 k, dark-castle",
      'nothing to see',
      '',
    ];
    for (const prompt of prompts) {
      for (const words of [new Set(['castle']), new Set(['castle', 'dark', '8k', 'cafe']), new Set<string>()]) {
        expect(highlightWords(prompt, words, tokensAmong)).toBe(words.size === 0 ? escapeHtml(prompt) : sentinelWay(prompt, words));
      }
    }
    expect(highlightWords('<i>Castle</i>', new Set(['castle']), tokensAmong)).toBe('&lt;i&gt;<mark>Castle</mark>&lt;/i&gt;');
  });

  it('drops sentinel characters a prompt carries, so they never make markup', () => {
    expect(highlightWords(`x ${HIGHLIGHT_START}<b>${HIGHLIGHT_END} castle`, new Set(['castle']), tokensAmong)).toBe('x &lt;b&gt; <mark>castle</mark>');
  });
});
