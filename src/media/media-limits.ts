import type { Config } from '../config.ts';

/** Bounds on what the image pipeline agrees to decode; untrusted uploads and crawled files go through it. */
export interface MediaLimits {
  /** Larger inputs are refused before anything reads them. */
  maxInputBytes: number;
  /** Width × height declared by the file header; larger images are refused before decoding (decompression bombs). */
  maxPixels: number;
}

export function mediaLimitsFromConfig(config: Pick<Config, 'MEDIA_MAX_INPUT_BYTES' | 'MEDIA_MAX_PIXELS'>): MediaLimits {
  return { maxInputBytes: config.MEDIA_MAX_INPUT_BYTES, maxPixels: config.MEDIA_MAX_PIXELS };
}
