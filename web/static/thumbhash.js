/**
 * A thumbhash decoder (format: https://evanw.github.io/thumbhash/), written for artsift so
 * placeholders need no bundler. A hash holds an average colour and a few low-frequency
 * cosine coefficients per channel in an LPQA colour space (luminance, two chroma axes,
 * alpha), packed as 4-bit values after a 5- or 6-byte header. We rebuild a ≤32 px image.
 */

const { PI, cos, max, min, round } = Math;

/** Width over height as encoded in the header (the count of luminance terms on each axis). */
export function thumbHashAspectRatio(hash) {
  const hasAlpha = (hash[2] & 0x80) !== 0;
  const landscape = (hash[4] & 0x80) !== 0;
  const across = landscape ? (hasAlpha ? 5 : 7) : hash[3] & 7;
  const down = landscape ? hash[3] & 7 : hasAlpha ? 5 : 7;
  return across / down;
}

/** @returns {{ w: number, h: number, rgba: Uint8ClampedArray }} */
export function thumbHashToRGBA(hash) {
  const head = hash[0] | (hash[1] << 8) | (hash[2] << 16);
  const tail = hash[3] | (hash[4] << 8);
  const hasAlpha = head >> 23 === 1;
  const landscape = tail >> 15 === 1;
  const lCount = [max(3, landscape ? (hasAlpha ? 5 : 7) : tail & 7), max(3, landscape ? tail & 7 : hasAlpha ? 5 : 7)];

  const dc = {
    l: (head & 63) / 63,
    p: ((head >> 6) & 63) / 31.5 - 1,
    q: ((head >> 12) & 63) / 31.5 - 1,
    a: hasAlpha ? (hash[5] & 15) / 15 : 1,
  };
  const scale = {
    l: ((head >> 18) & 31) / 31,
    p: ((tail >> 3) & 63) / 63,
    q: ((tail >> 9) & 63) / 63,
    a: (hash[5] >> 4) / 15,
  };

  // Coefficients follow the header as nibbles, low nibble first, row by row over a
  // triangle of frequencies (the DC term excluded): L, then P, then Q, then A.
  let nibble = 0;
  const firstAc = hasAlpha ? 6 : 5;
  const readChannel = (nx, ny, channelScale) => {
    const values = [];
    forEachTerm(nx, ny, () => {
      const byte = hash[firstAc + (nibble >> 1)];
      const value = nibble & 1 ? byte >> 4 : byte & 15;
      nibble += 1;
      values.push((value / 7.5 - 1) * channelScale);
    });
    return values;
  };
  const lAc = readChannel(lCount[0], lCount[1], scale.l);
  const pAc = readChannel(3, 3, scale.p * 1.25);
  const qAc = readChannel(3, 3, scale.q * 1.25);
  const aAc = hasAlpha ? readChannel(5, 5, scale.a) : [];

  const ratio = thumbHashAspectRatio(hash);
  const w = round(ratio > 1 ? 32 : 32 * ratio);
  const h = round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const fx = new Float64Array(max(lCount[0], hasAlpha ? 5 : 3));
  const fy = new Float64Array(max(lCount[1], hasAlpha ? 5 : 3));

  // The inverse cosine transform of one channel at the current pixel.
  const evaluate = (ac, nx, ny) => {
    let sum = 0;
    let j = 0;
    forEachTerm(nx, ny, (cx, cy) => {
      sum += ac[j] * fx[cx] * (fy[cy] * 2);
      j += 1;
    });
    return sum;
  };

  for (let y = 0, i = 0; y < h; y++) {
    for (let cy = 0; cy < fy.length; cy++) fy[cy] = cos((PI / h) * (y + 0.5) * cy);
    for (let x = 0; x < w; x++, i += 4) {
      for (let cx = 0; cx < fx.length; cx++) fx[cx] = cos((PI / w) * (x + 0.5) * cx);
      const l = dc.l + evaluate(lAc, lCount[0], lCount[1]);
      const p = dc.p + evaluate(pAc, 3, 3);
      const q = dc.q + evaluate(qAc, 3, 3);
      const a = hasAlpha ? dc.a + evaluate(aAc, 5, 5) : dc.a;
      // LPQ back to RGB: P is yellow–blue, Q is red–green.
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[i] = toByte(r);
      rgba[i + 1] = toByte(g);
      rgba[i + 2] = toByte(b);
      rgba[i + 3] = toByte(a);
    }
  }
  return { w, h, rgba };
}

/** Visits the frequency terms (cx, cy) a channel with nx × ny terms stores, DC excluded. */
function forEachTerm(nx, ny, visit) {
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = cy === 0 ? 1 : 0; cx * ny < nx * (ny - cy); cx++) visit(cx, cy);
  }
}

function toByte(value) {
  return (max(0, 255 * min(1, value))) | 0;
}

/** Base64 thumbhash → PNG data URL (needs a DOM canvas). */
export function thumbHashToDataURL(base64) {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  if (bytes.length < 5) throw new Error('thumbhash too short');
  const { w, h, rgba } = thumbHashToRGBA(bytes);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').putImageData(new ImageData(rgba, w, h), 0, 0);
  return canvas.toDataURL();
}
