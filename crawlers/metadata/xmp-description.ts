/** The XMP properties that carry a prompt when a tool writes one. */
export interface XmpTextFields {
  description?: string;
  userComment?: string;
  /** The tool that wrote the file ("Draw Things", "Adobe Photoshop …"). */
  creatorTool?: string;
  /** IPTC digital source type: a URI ending in "trainedAlgorithmicMedia" marks generated images. */
  digitalSourceType?: string;
}

const PROPERTIES: readonly [keyof XmpTextFields, string][] = [
  ['description', 'dc:description'],
  ['userComment', 'exif:UserComment'],
  ['creatorTool', 'xmp:CreatorTool'],
  ['digitalSourceType', 'Iptc4xmpExt:DigitalSourceType'],
];

const MAX_XMP_CHARS = 1024 * 1024;

/**
 * Reads `dc:description`, `exif:UserComment`, `xmp:CreatorTool` and the IPTC digital source type from an XMP packet, as elements (usually an
 * rdf:Alt whose first rdf:li holds the text) or as attributes of rdf:Description. Plain
 * string searches rather than an XML parser: the packet is untrusted and only a few values
 * are wanted, so no entity expansion, no DTDs, no backtracking regexes.
 */
export function readXmpTextFields(xmp: string): XmpTextFields {
  const packet = xmp.length > MAX_XMP_CHARS ? xmp.slice(0, MAX_XMP_CHARS) : xmp;
  const fields: XmpTextFields = {};
  for (const [field, name] of PROPERTIES) {
    const value = readProperty(packet, name);
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

function readProperty(packet: string, name: string): string | undefined {
  const value = readElement(packet, name) ?? readAttribute(packet, name);
  return value === undefined || value.trim() === '' ? undefined : decodeXmlEntities(value);
}

function readElement(packet: string, name: string): string | undefined {
  let searchFrom = 0;
  for (;;) {
    const start = packet.indexOf(`<${name}`, searchFrom);
    if (start < 0) return undefined;
    const afterName = packet[start + name.length + 1];
    searchFrom = start + 1;
    // "<dc:descriptionX" is another element; keep looking.
    if (afterName !== '>' && afterName !== ' ' && afterName !== '\n' && afterName !== '\r' && afterName !== '\t') continue;
    const openEnd = packet.indexOf('>', start);
    if (openEnd < 0) return undefined;
    const close = packet.indexOf(`</${name}>`, openEnd);
    if (close < 0) return undefined;
    return firstListItem(packet.slice(openEnd + 1, close));
  }
}

/** The text of the first rdf:li (the x-default language comes first by convention), else the element text. */
function firstListItem(inner: string): string {
  const itemStart = inner.indexOf('<rdf:li');
  if (itemStart < 0) return stripTags(inner);
  const itemOpenEnd = inner.indexOf('>', itemStart);
  const itemClose = inner.indexOf('</rdf:li>', itemOpenEnd);
  if (itemOpenEnd < 0 || itemClose < 0) return '';
  return stripTags(inner.slice(itemOpenEnd + 1, itemClose));
}

function readAttribute(packet: string, name: string): string | undefined {
  const start = packet.indexOf(`${name}=`);
  if (start < 0) return undefined;
  const quote = packet[start + name.length + 1];
  if (quote !== '"' && quote !== "'") return undefined;
  const valueStart = start + name.length + 2;
  const valueEnd = packet.indexOf(quote, valueStart);
  return valueEnd < 0 ? undefined : packet.slice(valueStart, valueEnd);
}

function stripTags(text: string): string {
  return text.includes('<') ? text.replace(/<[^<>]{0,1000}>/g, '') : text;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (entity, body: string) => {
    if (!body.startsWith('#')) return NAMED_ENTITIES[body] ?? entity;
    const codePoint = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\uFFFD';
  });
}
