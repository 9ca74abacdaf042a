/**
 * Feed items carry HTML. It is only scanned, with bounded work, for its text and its first
 * image; it is never rendered, and never stored as HTML.
 */
const MAX_SCANNED_HTML = 200_000;
const IMG_SRC = /<img\b[^>]{0,500}?\bsrc\s*=\s*["']([^"'<>]{1,2048})["']/i;

export function firstImageSource(html: string): string | undefined {
  return IMG_SRC.exec(html.slice(0, MAX_SCANNED_HTML))?.[1];
}

/** Text of an HTML fragment: tags dropped (script and style with their content), entities decoded. */
export function htmlToText(html: string): string {
  const source = html.slice(0, MAX_SCANNED_HTML);
  const lowerSource = source.toLowerCase();
  const parts: string[] = [];
  let position = 0;
  // indexOf-driven scan: linear in the input, whatever unbalanced markup it holds.
  while (position < source.length) {
    const open = source.indexOf('<', position);
    if (open === -1) {
      parts.push(source.slice(position));
      break;
    }
    parts.push(source.slice(position, open));
    const close = source.indexOf('>', open);
    if (close === -1) break;
    const tag = /^<\s*\/?\s*([a-z0-9]+)/i.exec(source.slice(open, Math.min(close + 1, open + 40)))?.[1]?.toLowerCase();
    const isClosing = source[open + 1] === '/';
    if ((tag === 'script' || tag === 'style') && !isClosing) {
      const end = lowerSource.indexOf(`</${tag}`, close);
      position = end === -1 ? source.length : end;
      continue;
    }
    parts.push(tag === 'br' || tag === 'p' || tag === 'div' ? '\n' : ' ');
    position = close + 1;
  }
  return decodeEntities(parts.join(''))
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}
