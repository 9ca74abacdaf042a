/** Raw metadata blocks a container carries, before any format is interpreted. */
export interface EmbeddedMetadata {
  /** TIFF-structured EXIF bytes ("II*\0…" or "MM\0*…"), without any "Exif\0\0" header. */
  exif?: Uint8Array;
  /** The XMP packet as text. */
  xmp?: string;
  /** A JPEG COM segment's text (some tools write their parameters there). */
  comment?: string;
  /** The C2PA manifest store (a JUMBF box), reassembled from its segments. */
  c2pa?: Uint8Array;
}

export const EXIF_HEADER = 'Exif\0\0';
