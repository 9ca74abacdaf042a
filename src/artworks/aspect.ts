export const ASPECTS = ['square', 'portrait', 'landscape'] as const;

/** An image's shape bucket, stored on artworks, generations and gallery items. */
export type Aspect = (typeof ASPECTS)[number];

/**
 * Buckets an image by shape. Within 10% of 1:1 counts as square, so 1024×1000 and
 * 1:1 crops land together while 4:5 portraits and 3:2 landscapes do not.
 */
export function aspectBucket(width: number, height: number): Aspect {
  const ratio = width / height;
  if (ratio > 1.1) return 'landscape';
  if (ratio < 1 / 1.1) return 'portrait';
  return 'square';
}
