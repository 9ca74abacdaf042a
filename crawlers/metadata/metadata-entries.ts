/**
 * The key → text pairs a file carries (PNG text chunks, EXIF tags, XMP properties), in file
 * order, before any format is interpreted. Generators disagree on the case of keys
 * ("Workflow"/"workflow", "Comment"/"comment"), so lookups fall back to any case.
 */
export interface TextEntry {
  key: string;
  text: string;
}

/** The first entry with this key; an exact match wins over one differing only in case. */
export function entryText(entries: readonly TextEntry[], key: string): string | undefined {
  const exact = entries.find((entry) => entry.key === key);
  if (exact) return exact.text;
  const lowerKey = key.toLowerCase();
  return entries.find((entry) => entry.key.toLowerCase() === lowerKey)?.text;
}
