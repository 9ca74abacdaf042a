import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Images the media tests build for themselves. A "scene" is a seeded composition of gradients,
 * shapes and lines: detailed enough for perceptual hashing to mean something, and different
 * for every seed.
 */
export async function sceneImage(seed: number, width = 800, height = 600): Promise<Buffer> {
  const random = seededRandom(seed);
  const colour = () => `hsl(${Math.floor(random() * 360)},${40 + Math.floor(random() * 50)}%,${20 + Math.floor(random() * 60)}%)`;
  const shapes: string[] = [];
  for (let i = 0; i < 14; i += 1) {
    const x = Math.floor(random() * width);
    const y = Math.floor(random() * height);
    const size = Math.floor((0.08 + random() * 0.3) * Math.min(width, height));
    shapes.push(
      random() < 0.5
        ? `<circle cx="${x}" cy="${y}" r="${size}" fill="${colour()}"/>`
        : `<rect x="${x - size}" y="${y - size / 2}" width="${size * 2}" height="${size}" fill="${colour()}" transform="rotate(${Math.floor(random() * 90)} ${x} ${y})"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** mulberry32: small, deterministic, good enough to scatter shapes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A few hundred bytes of valid PNG whose header declares width × height pixels, like a
 * decompression bomb: the compressed data only holds a handful of rows.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, not interlaced
  const someRows = deflateSync(Buffer.alloc(4 * (1 + width * 3)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', someRows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/**
 * A JPEG stored as 300×200 whose EXIF orientation 6 says "rotate 90° clockwise to display":
 * shown correctly it is 200×300, red on top and blue below (stored: red left, blue right).
 */
export async function exifRotatedJpeg(): Promise<Buffer> {
  const red = await sharp({ create: { width: 150, height: 200, channels: 3, background: '#ff0000' } }).png().toBuffer();
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A JPEG carrying EXIF (camera, GPS-like data), an ICC profile and XMP, all of which must not survive. */
export async function jpegWithMetadata(): Promise<Buffer> {
  return sharp(await sceneImage(7, 400, 300))
    .jpeg()
    .withExif({ IFD0: { Make: 'Secret Camera', Artist: 'Someone Private' } })
    .withIccProfile('p3')
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .toBuffer();
}
