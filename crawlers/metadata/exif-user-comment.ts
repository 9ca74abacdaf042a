import { decodeUtf8OrLatin1, hasAsciiAt } from './byte-text.ts';

/** Text-bearing EXIF tags that generators fill; other tags are ignored. */
export interface ExifTextFields {
  userComment?: string;
  imageDescription?: string;
  /** ComfyUI's WebP saver writes "workflow:{json}" here. */
  make?: string;
  /** ComfyUI's WebP saver writes "prompt:{json}" here. */
  model?: string;
  software?: string;
  /** UserComment placed in IFD0 instead of the Exif IFD (ComfyUI's SaveImagePlus does). */
  ifd0UserComment?: string;
}

const TAG_IMAGE_DESCRIPTION = 0x010e;
const TAG_MAKE = 0x010f;
const TAG_MODEL = 0x0110;
const TAG_SOFTWARE = 0x0131;
const TAG_EXIF_IFD_POINTER = 0x8769;
const TAG_USER_COMMENT = 0x9286;

/** Bytes per value of each TIFF field type; unknown types are skipped. */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const MAX_IFD_ENTRIES = 512;
const utf16le = new TextDecoder('utf-16le');
const MAX_TEXT_VALUE_BYTES = 2 * 1024 * 1024;

/**
 * Reads ImageDescription, Make, Model, Software (and a misplaced UserComment) from IFD0 and UserComment from the Exif IFD of a TIFF
 * structure (the payload of a JPEG APP1 "Exif" segment or a WebP EXIF chunk). Offsets are
 * checked against the buffer; malformed structures yield whatever fields were readable.
 */
export function readExifTextFields(tiff: Uint8Array): ExifTextFields {
  const littleEndian = hasAsciiAt(tiff, 0, 'II');
  if (!littleEndian && !hasAsciiAt(tiff, 0, 'MM')) return {};
  if (tiff.length < 8) return {};
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, littleEndian) !== 42) return {};

  const fields: ExifTextFields = {};
  const ifd0 = readIfdEntries(tiff, view, view.getUint32(4, littleEndian), littleEndian);
  const description = ifd0.get(TAG_IMAGE_DESCRIPTION);
  const make = ifd0.get(TAG_MAKE);
  const model = ifd0.get(TAG_MODEL);
  if (description) fields.imageDescription = asciiFieldText(description.bytes);
  if (make) fields.make = asciiFieldText(make.bytes);
  if (model) fields.model = asciiFieldText(model.bytes);
  const software = ifd0.get(TAG_SOFTWARE);
  if (software) fields.software = asciiFieldText(software.bytes);
  const ifd0Comment = ifd0.get(TAG_USER_COMMENT);
  if (ifd0Comment) fields.ifd0UserComment = decodeUserComment(ifd0Comment.bytes, littleEndian);

  const exifPointer = ifd0.get(TAG_EXIF_IFD_POINTER);
  if (exifPointer && exifPointer.bytes.length >= 4) {
    const exifIfdOffset = new DataView(exifPointer.bytes.buffer, exifPointer.bytes.byteOffset, 4).getUint32(0, littleEndian);
    const userComment = readIfdEntries(tiff, view, exifIfdOffset, littleEndian).get(TAG_USER_COMMENT);
    if (userComment) fields.userComment = decodeUserComment(userComment.bytes, littleEndian);
  }
  return withoutEmptyFields(fields);
}

interface IfdEntry {
  bytes: Uint8Array;
}

function readIfdEntries(tiff: Uint8Array, view: DataView, ifdOffset: number, littleEndian: boolean): Map<number, IfdEntry> {
  const entries = new Map<number, IfdEntry>();
  if (ifdOffset < 8 || ifdOffset + 2 > tiff.length) return entries;
  const count = Math.min(view.getUint16(ifdOffset, littleEndian), MAX_IFD_ENTRIES);
  for (let i = 0; i < count; i += 1) {
    const entryOffset = ifdOffset + 2 + i * 12;
    if (entryOffset + 12 > tiff.length) break;
    const tag = view.getUint16(entryOffset, littleEndian);
    const typeSize = TYPE_SIZES[view.getUint16(entryOffset + 2, littleEndian)];
    if (typeSize === undefined || entries.has(tag)) continue;
    const byteLength = typeSize * view.getUint32(entryOffset + 4, littleEndian);
    if (byteLength > MAX_TEXT_VALUE_BYTES) continue;
    // Values of four bytes or fewer sit in the entry itself; longer ones are elsewhere.
    const valueOffset = byteLength <= 4 ? entryOffset + 8 : view.getUint32(entryOffset + 8, littleEndian);
    if (valueOffset + byteLength > tiff.length) continue;
    entries.set(tag, { bytes: tiff.subarray(valueOffset, valueOffset + byteLength) });
  }
  return entries;
}

/** ASCII fields end in NUL; generators put UTF-8 in them anyway. */
function asciiFieldText(bytes: Uint8Array): string {
  return stripPadding(decodeUtf8OrLatin1(bytes));
}

/**
 * UserComment starts with an 8-byte charset code: "ASCII\0\0\0", "UNICODE\0" (UTF-16),
 * "JIS\0\0\0\0\0" or eight NULs (undefined). Writers disagree on UTF-16 byte order:
 * piexif (used by AUTOMATIC1111) always writes big-endian, exiftool follows the TIFF byte
 * order, so the order is read from a BOM or from where the zero bytes of ASCII text fall.
 */
export function decodeUserComment(value: Uint8Array, tiffLittleEndian: boolean): string {
  const body = value.subarray(8);
  if (hasAsciiAt(value, 0, 'UNICODE\0')) return stripPadding(decodeUtf16(body, tiffLittleEndian));
  if (hasAsciiAt(value, 0, 'JIS\0\0\0\0\0')) return stripPadding(decodeJis(body));
  if (hasAsciiAt(value, 0, 'ASCII\0\0\0') || hasAsciiAt(value, 0, '\0\0\0\0\0\0\0\0')) {
    return stripPadding(decodeUtf8OrLatin1(body));
  }
  // No charset code at all: some writers skip it.
  return stripPadding(decodeUtf8OrLatin1(value));
}

function decodeUtf16(bytes: Uint8Array, fallbackLittleEndian: boolean): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16WithOrder(bytes.subarray(2), false);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16WithOrder(bytes.subarray(2), true);
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  const sampleLength = Math.min(bytes.length, 4096);
  for (let i = 0; i < sampleLength; i += 1) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) zerosAtEven += 1;
    else zerosAtOdd += 1;
  }
  // Big-endian ASCII has its zero (high) byte first, at even offsets.
  const littleEndian = zerosAtEven === zerosAtOdd ? fallbackLittleEndian : zerosAtOdd > zerosAtEven;
  return decodeUtf16WithOrder(bytes, littleEndian);
}

/** Big-endian is byte-swapped into little-endian, the one UTF-16 decoder every Node build has. */
function decodeUtf16WithOrder(bytes: Uint8Array, littleEndian: boolean): string {
  const evenLength = bytes.subarray(0, bytes.length - (bytes.length % 2));
  if (littleEndian) return utf16le.decode(evenLength);
  const swapped = new Uint8Array(evenLength.length);
  for (let i = 0; i < evenLength.length; i += 2) {
    swapped[i] = evenLength[i + 1] ?? 0;
    swapped[i + 1] = evenLength[i] ?? 0;
  }
  return utf16le.decode(swapped);
}

/** "JIS" is rare and loosely used: UTF-8 when valid, else Shift_JIS as Japanese software writes it. */
function decodeJis(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('shift_jis').decode(bytes);
    } catch {
      return decodeUtf8OrLatin1(bytes);
    }
  }
}

/** UserComment and ASCII fields are padded with NULs or spaces to a fixed size. */
function stripPadding(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0 || text.charCodeAt(end - 1) === 0x20)) end -= 1;
  return text.slice(0, end);
}

function withoutEmptyFields(fields: ExifTextFields): ExifTextFields {
  const kept: ExifTextFields = {};
  for (const key of ['userComment', 'imageDescription', 'make', 'model', 'software', 'ifd0UserComment'] as const) {
    const value = fields[key];
    if (value !== undefined && value.trim() !== '') kept[key] = value;
  }
  return kept;
}
