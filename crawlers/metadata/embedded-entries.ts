import { isJsonObject, parseJsonObject } from './bounded-json.ts';
import { comfyUiEntriesFromPrefixes } from './comfyui-workflow.ts';
import type { EmbeddedMetadata } from './embedded-metadata.ts';
import { readExifTextFields } from './exif-user-comment.ts';
import type { TextEntry } from './metadata-entries.ts';
import { readXmpTextFields } from './xmp-description.ts';

/**
 * EXIF and XMP text as entries named like PNG keywords, so one interpreter serves every
 * container: UserComment (from the Exif IFD or IFD0), ImageDescription, Make, Model, Software,
 * the JPEG comment;
 * XMP's exif:UserComment, dc:description, xmp:CreatorTool and digital source type. Tags that
 * hold "prompt: {…}" / "workflow: {…}" become `prompt` / `workflow` entries, and the fields of
 * a JSON object in UserComment (NovelAI's and converters' envelopes) become entries too.
 */
export function entriesFromEmbedded(embedded: EmbeddedMetadata): TextEntry[] {
  const exif = embedded.exif ? readExifTextFields(embedded.exif) : {};
  const xmp = embedded.xmp === undefined ? {} : readXmpTextFields(embedded.xmp);
  const entries: TextEntry[] = [];
  const add = (key: string, text: string | undefined) => {
    if (text !== undefined && text.trim() !== '') entries.push({ key, text });
  };
  add('UserComment', exif.userComment);
  add('UserComment', exif.ifd0UserComment);
  add('ImageDescription', exif.imageDescription);
  add('Make', exif.make);
  add('Model', exif.model);
  add('Software', exif.software);
  add('Comment', embedded.comment);
  add('exif:UserComment', xmp.userComment);
  add('dc:description', xmp.description);
  add('xmp:CreatorTool', xmp.creatorTool);
  if (embedded.xmp?.includes('trainedAlgorithmicMedia')) add('DigitalSourceType', 'trainedAlgorithmicMedia');

  const exifTexts = [exif.model, exif.make, exif.imageDescription, exif.userComment, exif.ifd0UserComment, exif.software];
  entries.push(...comfyUiEntriesFromPrefixes(exifTexts));
  for (const comment of [exif.userComment, exif.ifd0UserComment, embedded.comment]) entries.push(...envelopeEntries(comment));
  return entries;
}

const MAX_ENVELOPE_FIELDS = 32;

/** The top-level fields of a JSON object as entries; objects are kept as JSON text. */
export function envelopeEntries(text: string | undefined): TextEntry[] {
  const json = parseJsonObject(text);
  if (!json) return [];
  const entries: TextEntry[] = [];
  for (const [key, value] of Object.entries(json).slice(0, MAX_ENVELOPE_FIELDS)) {
    if (typeof value === 'string') entries.push({ key, text: value });
    else if (typeof value === 'number') entries.push({ key, text: String(value) });
    else if (isJsonObject(value)) entries.push({ key, text: JSON.stringify(value) });
  }
  return entries;
}
