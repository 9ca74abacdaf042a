import sharp from 'sharp';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/** What a demo picture shows; the prompt generator picks subjects that match it. */
export const DEMO_SCENES = ['hills', 'orbs', 'tiles', 'waves', 'stars', 'sunburst'] as const;
export type DemoScene = (typeof DEMO_SCENES)[number];

/** Which palettes a picture draws from; the prompt's lighting words name the same mood. */
export const DEMO_MOODS = ['warm', 'cool', 'vivid', 'pastel', 'moody', 'verdant'] as const;
export type DemoMood = (typeof DEMO_MOODS)[number];

export type DemoImageFormat = 'jpeg' | 'png' | 'webp';

export interface DemoImageSpec {
  scene: DemoScene;
  mood: DemoMood;
  seed: number;
  width: number;
  height: number;
  format: DemoImageFormat;
  /** A film-grain overlay, as many generated images carry. */
  grain: boolean;
}

/** Hand-picked five-colour palettes per mood; renderers order them light to dark themselves. */
const PALETTES: Record<DemoMood, readonly string[][]> = {
  warm: [
    ['#fff1d0', '#f7b267', '#f4845f', '#c8553d', '#3b1f2b'],
    ['#fde2c1', '#f6bd60', '#e07a5f', '#9c4a3c', '#3d2b3d'],
    ['#ffe8d6', '#ddbea9', '#cb997e', '#a5746a', '#6b4f4f'],
  ],
  cool: [
    ['#e0fbfc', '#98c1d9', '#3d5a80', '#293241', '#151b26'],
    ['#edf6f9', '#83c5be', '#006d77', '#0b3c49', '#061a23'],
    ['#f2e9e4', '#c9ada7', '#9a8c98', '#4a4e69', '#22223b'],
  ],
  vivid: [
    ['#fee440', '#f15bb5', '#9b5de5', '#00bbf9', '#1b1b3a'],
    ['#ffbe0b', '#fb5607', '#ff006e', '#8338ec', '#3a86ff'],
    ['#f1faee', '#a8dadc', '#e63946', '#457b9d', '#1d3557'],
  ],
  pastel: [
    ['#fef9ef', '#ffc8dd', '#ffafcc', '#bde0fe', '#a2a8d3'],
    ['#fbf8cc', '#fde4cf', '#f1c0e8', '#a3c4f3', '#8eecf5'],
  ],
  moody: [
    ['#e0e1dd', '#778da9', '#415a77', '#1b263b', '#0d1b2a'],
    ['#e0aaff', '#9d4edd', '#5a189a', '#240046', '#10002b'],
    ['#f4a261', '#2a9d8f', '#264653', '#1d2d35', '#0b1418'],
  ],
  verdant: [
    ['#dad7cd', '#a3b18a', '#588157', '#3a5a40', '#1f2e24'],
    ['#f0ead2', '#dde5b6', '#adc178', '#6c584c', '#2f3e2a'],
  ],
};

interface Canvas {
  width: number;
  height: number;
}

/** Draws the scene's SVG body; `palette` is ordered from lightest to darkest. */
type SceneRenderer = (canvas: Canvas, random: SeededRandom, palette: string[]) => string;

const RENDERERS: Record<DemoScene, SceneRenderer> = {
  hills: renderHills,
  orbs: renderOrbs,
  tiles: renderTiles,
  waves: renderWaves,
  stars: renderStars,
  sunburst: renderSunburst,
};

/** The picture as SVG: pure and deterministic for a given spec. */
export function demoImageSvg(spec: Omit<DemoImageSpec, 'format' | 'grain'>): string {
  const random = createSeededRandom(spec.seed);
  const palette = byLightness(random.pick(PALETTES[spec.mood]));
  const body = RENDERERS[spec.scene]({ width: spec.width, height: spec.height }, random, palette);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}" viewBox="0 0 ${spec.width} ${spec.height}">${body}</svg>`;
}

/** Encoded image bytes, as a generator site would serve them. */
export async function renderDemoImage(spec: DemoImageSpec): Promise<Buffer> {
  const image = sharp(Buffer.from(demoImageSvg(spec)));
  if (spec.grain) image.composite([{ input: await grainTile(Math.min(GRAIN_TILE_SIDE, spec.width, spec.height)), tile: true, blend: 'soft-light' }]);
  switch (spec.format) {
    case 'jpeg':
      return image.jpeg({ quality: 90 }).toBuffer();
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer();
    case 'webp':
      return image.webp({ quality: 88, effort: 2 }).toBuffer();
  }
}

// ---- scenes ----------------------------------------------------------------------------

function renderHills({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const [lightest, light, mid, , darkest] = palette as [string, string, string, string, string];
  const sun = { x: random.between(0.2, 0.8) * width, y: random.between(0.16, 0.4) * height, r: random.between(0.05, 0.11) * Math.min(width, height) };
  const layerCount = random.int(4, 6);
  let layers = '';
  for (let layer = 0; layer < layerCount; layer++) {
    const depth = layer / (layerCount - 1);
    const baseline = height * (0.48 + 0.38 * depth);
    const amplitude = height * (0.03 + 0.07 * depth) * random.between(0.7, 1.3);
    const colour = mix(lightest, darkest, 0.2 + 0.8 * depth ** 0.8);
    layers += `<path d="${ridgePath(width, height, baseline, amplitude, random)}" fill="${colour}"/>`;
  }
  const mistTop = height * 0.45;
  return `<defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mid}"/><stop offset="0.55" stop-color="${light}"/><stop offset="1" stop-color="${lightest}"/></linearGradient>
      ${glowGradient('sunGlow', lightest)}
      <linearGradient id="mist" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${lightest}" stop-opacity="0"/><stop offset="0.5" stop-color="${lightest}" stop-opacity="0.35"/><stop offset="1" stop-color="${lightest}" stop-opacity="0"/></linearGradient>
    </defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    ${random.chance(0.4) ? starField({ width, height: height * 0.5 }, random, random.int(60, 140), lightest) : ''}
    <circle cx="${sun.x}" cy="${sun.y}" r="${sun.r * 3.5}" fill="url(#sunGlow)"/>
    <circle cx="${sun.x}" cy="${sun.y}" r="${sun.r}" fill="${mix(lightest, '#ffffff', 0.5)}"/>
    ${layers}
    <rect y="${mistTop}" width="100%" height="${height * 0.25}" fill="url(#mist)"/>`;
}

function renderOrbs({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const darkBackground = random.chance(0.6);
  const background = darkBackground ? palette.slice(3) : palette.slice(0, 2);
  const colours = darkBackground ? palette.slice(0, 3) : palette.slice(2);
  const size = Math.min(width, height);
  const orbs = Array.from({ length: random.int(5, 12) }, () => ({
    x: random.between(0.05, 0.95) * width,
    y: random.between(0.05, 0.95) * height,
    r: size * random.between(0.04, 0.22),
    colour: random.pick(colours),
  })).sort((a, b) => b.r - a.r);
  const defs = orbs
    .map(
      (orb, i) =>
        `<radialGradient id="orb${i}" cx="0.35" cy="0.3" r="0.75"><stop offset="0" stop-color="${mix(orb.colour, '#ffffff', 0.6)}"/><stop offset="0.45" stop-color="${orb.colour}"/><stop offset="1" stop-color="${mix(orb.colour, '#000000', 0.5)}"/></radialGradient>`,
    )
    .join('');
  const glow = { x: random.between(0.2, 0.8) * width, y: random.between(0.2, 0.8) * height };
  return `<defs>
      <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${background[0]}"/><stop offset="1" stop-color="${background[1]}"/></linearGradient>
      ${glowGradient('glow', colours[0] as string)}
      ${defs}
    </defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <circle cx="${glow.x}" cy="${glow.y}" r="${size * 0.6}" fill="url(#glow)"/>
    ${orbs.map((orb, i) => `<circle cx="${orb.x}" cy="${orb.y}" r="${orb.r}" fill="url(#orb${i})" fill-opacity="${random.between(0.8, 1).toFixed(2)}"/>`).join('')}`;
}

/** A Bauhaus-style grid: each square cell holds one motif, turned by a quarter turn or more. */
function renderTiles({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const columns = random.int(3, 7);
  const cell = width / columns;
  const rows = Math.ceil(height / cell);
  let tiles = '';
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x = column * cell;
      const y = row * cell;
      const background = random.pick(palette);
      const foreground = random.pick(palette.filter((colour) => colour !== background));
      const turn = random.int(0, 3) * 90;
      tiles += `<rect x="${x}" y="${y}" width="${cell + 0.5}" height="${cell + 0.5}" fill="${background}"/>`;
      tiles += `<g transform="rotate(${turn} ${x + cell / 2} ${y + cell / 2})" fill="${foreground}">${tileMotif(x, y, cell, random, background)}</g>`;
    }
  }
  return tiles;
}

function tileMotif(x: number, y: number, s: number, random: SeededRandom, background: string): string {
  switch (random.int(0, 6)) {
    case 0: // quarter disc anchored in the top-left corner
      return `<path d="M${x} ${y} L${x + s} ${y} A${s} ${s} 0 0 1 ${x} ${y + s} Z"/>`;
    case 1: // half disc standing on the bottom edge
      return `<path d="M${x} ${y + s} A${s / 2} ${s / 2} 0 0 1 ${x + s} ${y + s} Z"/>`;
    case 2:
      return `<circle cx="${x + s / 2}" cy="${y + s / 2}" r="${s * 0.36}"/>`;
    case 3:
      return `<circle cx="${x + s / 2}" cy="${y + s / 2}" r="${s * 0.36}"/><circle cx="${x + s / 2}" cy="${y + s / 2}" r="${s * 0.18}" fill="${background}"/>`;
    case 4:
      return `<path d="M${x} ${y} L${x + s} ${y} L${x} ${y + s} Z"/>`;
    case 5:
      return [1, 3, 5].map((band) => `<rect x="${x}" y="${y + (band * s) / 7}" width="${s}" height="${s / 7}"/>`).join('');
    default:
      return `<rect x="${x + s * 0.25}" y="${y + s * 0.25}" width="${s * 0.5}" height="${s * 0.5}"/>`;
  }
}

function renderWaves({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const bandCount = random.int(6, 10);
  const withSun = random.chance(0.6);
  let bands = '';
  for (let band = 0; band < bandCount; band++) {
    const t = band / (bandCount - 1);
    const baseline = height * (0.3 + 0.65 * t);
    const amplitude = height * random.between(0.015, 0.05);
    bands += `<path d="${ridgePath(width, height, baseline, amplitude, random)}" fill="${samplePalette(palette, 0.15 + 0.85 * t)}"/>`;
  }
  const sun = { x: random.between(0.25, 0.75) * width, y: height * 0.28, r: Math.min(width, height) * random.between(0.1, 0.18) };
  return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette[0]}"/><stop offset="1" stop-color="${samplePalette(palette, 0.2)}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    ${withSun ? `<circle cx="${sun.x}" cy="${sun.y}" r="${sun.r}" fill="${samplePalette(palette, 0.45)}"/>` : ''}
    ${bands}`;
}

function renderStars({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const [lightest, light, mid, dark, darkest] = palette as [string, string, string, string, string];
  const deepSpace = mix(darkest, '#05040a', 0.6);
  const nebulae = Array.from({ length: random.int(3, 5) }, (_, i) => {
    const colour = random.pick([light, mid, dark]);
    const rx = width * random.between(0.25, 0.6);
    const ry = height * random.between(0.12, 0.3);
    return {
      gradient: glowGradient(`nebula${i}`, colour, random.between(0.35, 0.6)),
      shape: `<ellipse cx="${random.between(0.1, 0.9) * width}" cy="${random.between(0.1, 0.9) * height}" rx="${rx}" ry="${ry}" fill="url(#nebula${i})" transform="rotate(${random.int(-40, 40)} ${width / 2} ${height / 2})"/>`,
    };
  });
  const planet = random.chance(0.35)
    ? `<circle cx="${random.between(0.2, 0.8) * width}" cy="${random.between(0.55, 0.85) * height}" r="${Math.min(width, height) * random.between(0.08, 0.16)}" fill="url(#planet)"/>`
    : '';
  return `<defs>
      <radialGradient id="space" cx="0.5" cy="0.5" r="0.75"><stop offset="0" stop-color="${mix(dark, deepSpace, 0.5)}"/><stop offset="1" stop-color="${deepSpace}"/></radialGradient>
      <radialGradient id="planet" cx="0.3" cy="0.3" r="0.8"><stop offset="0" stop-color="${light}"/><stop offset="0.6" stop-color="${dark}"/><stop offset="1" stop-color="${deepSpace}"/></radialGradient>
      ${nebulae.map((nebula) => nebula.gradient).join('')}
    </defs>
    <rect width="100%" height="100%" fill="url(#space)"/>
    ${nebulae.map((nebula) => nebula.shape).join('')}
    ${starField({ width, height }, random, random.int(160, 280), lightest)}
    ${planet}`;
}

/** A retro poster: rays from a low sun, rings around it, a dark horizon. */
function renderSunburst({ width, height }: Canvas, random: SeededRandom, palette: string[]): string {
  const centre = { x: width * random.between(0.3, 0.7), y: height * random.between(0.45, 0.65) };
  const reach = Math.hypot(width, height);
  const rayCount = random.int(9, 18) * 2;
  const [rayA, rayB] = random.sample(palette.slice(0, 4), 2) as [string, string];
  let rays = `<rect width="100%" height="100%" fill="${rayB}"/>`;
  for (let ray = 0; ray < rayCount; ray += 2) {
    const from = (ray / rayCount) * Math.PI * 2;
    const to = ((ray + 1) / rayCount) * Math.PI * 2;
    rays += `<path d="M${centre.x} ${centre.y} L${centre.x + reach * Math.cos(from)} ${centre.y + reach * Math.sin(from)} L${centre.x + reach * Math.cos(to)} ${centre.y + reach * Math.sin(to)} Z" fill="${rayA}"/>`;
  }
  const ringCount = random.int(3, 5);
  const outer = Math.min(width, height) * random.between(0.22, 0.34);
  let rings = '';
  for (let ring = 0; ring < ringCount; ring++) {
    rings += `<circle cx="${centre.x}" cy="${centre.y}" r="${outer * (1 - ring / ringCount)}" fill="${samplePalette(palette, ring / ringCount)}"/>`;
  }
  const horizon = ridgePath(width, height, centre.y + outer * 0.5, height * 0.04, random);
  return `${rays}${rings}<path d="${horizon}" fill="${palette[4]}"/>`;
}

// ---- drawing helpers -------------------------------------------------------------------

/** A closed silhouette whose top edge is a sum of three sine waves, filled down to the bottom. */
function ridgePath(width: number, height: number, baseline: number, amplitude: number, random: SeededRandom): string {
  const waves = [
    { weight: 0.6, cycles: random.between(0.5, 1.5), phase: random.between(0, Math.PI * 2) },
    { weight: 0.3, cycles: random.between(2, 4), phase: random.between(0, Math.PI * 2) },
    { weight: 0.1, cycles: random.between(6, 11), phase: random.between(0, Math.PI * 2) },
  ];
  const steps = 96;
  const points: string[] = [];
  for (let step = 0; step <= steps; step++) {
    const x = (step / steps) * width;
    const offset = waves.reduce((sum, w) => sum + w.weight * Math.sin((step / steps) * w.cycles * Math.PI * 2 + w.phase), 0);
    points.push(`${x.toFixed(1)} ${(baseline - amplitude * offset).toFixed(1)}`);
  }
  return `M0 ${height} L${points.join(' L')} L${width} ${height} Z`;
}

function starField(area: Canvas, random: SeededRandom, count: number, colour: string): string {
  const scale = Math.max(area.width, 512) / 1024;
  let stars = '';
  for (let star = 0; star < count; star++) {
    const r = (random.chance(0.06) ? random.between(1.6, 2.6) : random.between(0.4, 1.3)) * scale;
    stars += `<circle cx="${(random.next() * area.width).toFixed(1)}" cy="${(random.next() * area.height).toFixed(1)}" r="${r.toFixed(2)}" fill="${colour}" fill-opacity="${random.between(0.35, 1).toFixed(2)}"/>`;
  }
  return stars;
}

/** A radial gradient fading from `colour` to transparent: cheap glow without a blur filter. */
function glowGradient(id: string, colour: string, opacity = 0.55): string {
  return `<radialGradient id="${id}"><stop offset="0" stop-color="${colour}" stop-opacity="${opacity.toFixed(2)}"/><stop offset="1" stop-color="${colour}" stop-opacity="0"/></radialGradient>`;
}

// ---- colour ----------------------------------------------------------------------------

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function mix(from: string, to: string, amount: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  return toHex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amount) as Rgb);
}

/** Relative luminance, close enough to order a palette for depth. */
function lightness(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function byLightness(palette: readonly string[]): string[] {
  return [...palette].sort((a, b) => lightness(b) - lightness(a));
}

/** Interpolates along the palette: 0 is its first colour, 1 its last. */
function samplePalette(palette: string[], t: number): string {
  const position = Math.min(Math.max(t, 0), 1) * (palette.length - 1);
  const index = Math.min(Math.floor(position), palette.length - 2);
  return mix(palette[index] as string, palette[index + 1] as string, position - index);
}

// ---- grain -----------------------------------------------------------------------------

const GRAIN_TILE_SIDE = 256;
const grainTiles = new Map<number, Promise<Buffer>>();

/**
 * A mid-grey noise tile (the same on every run) that soft-light blending turns into grain.
 * sharp refuses an overlay larger than the image, hence one tile per side length.
 */
function grainTile(side: number): Promise<Buffer> {
  let tile = grainTiles.get(side);
  if (!tile) {
    const random = createSeededRandom(0x5eed);
    const pixels = Buffer.alloc(side * side * 3);
    for (let i = 0; i < side * side; i++) pixels.fill(Math.round(128 + (random.next() - 0.5) * 56), i * 3, i * 3 + 3);
    tile = sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
    grainTiles.set(side, tile);
  }
  return tile;
}
