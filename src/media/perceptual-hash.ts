/**
 * DCT perceptual hash (the pHash.org construction): similar-looking images get hashes a few
 * bits apart, whatever their encoding, size or compression. Pure arithmetic; the pipeline
 * supplies the 32×32 grey pixels.
 */
export const PHASH_INPUT_SIDE = 32;

/** The hash reads frequencies 1..8 on both axes: 64 coefficients, one bit each. */
const FIRST_FREQUENCY = 1;
const LAST_FREQUENCY = 8;

/**
 * DCT-II basis rows for the frequencies the hash reads: COSINES[k][n] = cos(π(2n+1)k / 2N).
 * The usual normalisation factor is the same for every frequency above 0, so it cannot
 * change which coefficients lie above the median and is left out.
 */
const COSINES: Float64Array[] = Array.from({ length: LAST_FREQUENCY + 1 }, (_, k) =>
  Float64Array.from({ length: PHASH_INPUT_SIDE }, (_, n) => Math.cos((Math.PI * (2 * n + 1) * k) / (2 * PHASH_INPUT_SIDE))),
);

/**
 * 64-bit hash of a 32×32 greyscale image (row-major luma bytes), as a signed bigint so it fits
 * a PostgreSQL bigint column. Bit 63 (the sign) belongs to the lowest frequency pair.
 */
export function perceptualHash(luma: Uint8Array): bigint {
  if (luma.length !== PHASH_INPUT_SIDE * PHASH_INPUT_SIDE) {
    throw new RangeError(`perceptualHash needs ${PHASH_INPUT_SIDE}×${PHASH_INPUT_SIDE} pixels, got ${luma.length}`);
  }
  const coefficients = lowFrequencyCoefficients(luma);
  const median = medianOf(coefficients);
  // The DC term (average brightness) is excluded by starting at frequency 1, so the bits
  // record the image's structure, not its exposure.
  let bits = 0n;
  for (const coefficient of coefficients) bits = (bits << 1n) | (coefficient > median ? 1n : 0n);
  return BigInt.asIntN(64, bits);
}

/** Number of differing bits: 0 for the same picture, about 32 for unrelated ones. */
export function hammingDistance(a: bigint, b: bigint): number {
  let difference = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (difference !== 0n) {
    difference &= difference - 1n;
    count += 1;
  }
  return count;
}

/** Separable 2-D DCT restricted to the needed frequencies: rows first, then columns. Row-major (v, u). */
function lowFrequencyCoefficients(luma: Uint8Array): number[] {
  const side = PHASH_INPUT_SIDE;
  const rowTransforms: Float64Array[] = [];
  for (let y = 0; y < side; y += 1) {
    const row = new Float64Array(LAST_FREQUENCY + 1);
    for (let u = FIRST_FREQUENCY; u <= LAST_FREQUENCY; u += 1) {
      row[u] = dot(COSINES[u] as Float64Array, (x) => luma[y * side + x] as number);
    }
    rowTransforms.push(row);
  }
  const coefficients: number[] = [];
  for (let v = FIRST_FREQUENCY; v <= LAST_FREQUENCY; v += 1) {
    for (let u = FIRST_FREQUENCY; u <= LAST_FREQUENCY; u += 1) {
      coefficients.push(dot(COSINES[v] as Float64Array, (y) => (rowTransforms[y] as Float64Array)[u] as number));
    }
  }
  return coefficients;
}

function dot(basis: Float64Array, value: (index: number) => number): number {
  let sum = 0;
  for (let i = 0; i < basis.length; i += 1) sum += (basis[i] as number) * value(i);
  return sum;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
