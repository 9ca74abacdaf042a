import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { GeneratedImage, ImageGenerationRequest, ImageProvider } from './image-provider.ts';
import { ProviderError } from './image-provider.ts';
import { abortFailure } from './provider-call.ts';

/** How much the offline renderer draws; the provider model names one of these. */
const STYLES = {
  sketch: { shapes: 12, layers: 1 },
  detailed: { shapes: 48, layers: 3 },
} as const;

/**
 * The built-in renderer for a machine with no provider configured: abstract shapes whose
 * colours and positions come from a hash of the prompt and seed, so the same request always
 * gives the same bytes. Only computed numbers go into the SVG, never the prompt text.
 */
export function createOfflineProvider(): ImageProvider {
  return {
    kind: 'offline',
    async generate(request: ImageGenerationRequest): Promise<GeneratedImage> {
      if (request.signal.aborted) throw abortFailure('Offline renderer', request.signal);
      const style = Object.hasOwn(STYLES, request.providerModel) ? STYLES[request.providerModel as keyof typeof STYLES] : STYLES.sketch;
      const svg = renderSvg(request, style);
      try {
        const data = await sharp(Buffer.from(svg)).png().toBuffer();
        return { data, seed: request.seed };
      } catch (error) {
        throw new ProviderError('Offline renderer failed', 'permanent', { cause: error });
      }
    },
  };
}

function renderSvg(request: ImageGenerationRequest, style: { shapes: number; layers: number }): string {
  // The reference image only shifts the hash: enough for the flow to show it was used.
  const reference = request.referenceImage ? createHash('sha256').update(request.referenceImage).digest('hex') : '';
  const random = seededRandom(`${request.providerModel}\n${request.seed}\n${reference}\n${request.prompt}\n${request.negativePrompt ?? ''}`);
  const { width, height } = request;
  const baseHue = Math.floor(random() * 360);
  const colour = (hueSpread: number) =>
    `hsl(${(baseHue + Math.floor((random() - 0.5) * hueSpread) + 360) % 360},${40 + Math.floor(random() * 50)}%,${25 + Math.floor(random() * 50)}%)`;

  const shapes: string[] = [];
  for (let layer = 0; layer < style.layers; layer++) {
    for (let index = 0; index < style.shapes / style.layers; index++) {
      const x = Math.round(random() * width);
      const y = Math.round(random() * height);
      const size = Math.round((0.05 + random() * 0.3) * Math.min(width, height) / (layer + 1));
      const opacity = (0.35 + random() * 0.5).toFixed(2);
      const fill = colour(120);
      if (random() < 0.5) {
        shapes.push(`<circle cx="${x}" cy="${y}" r="${size}" fill="${fill}" fill-opacity="${opacity}"/>`);
      } else {
        const angle = Math.floor(random() * 360);
        shapes.push(
          `<rect x="${x - size}" y="${y - size}" width="${size * 2}" height="${size}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${angle} ${x} ${y})"/>`,
        );
      }
    }
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colour(60)}"/><stop offset="1" stop-color="${colour(60)}"/></linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#sky)"/>`,
    ...shapes,
    '</svg>',
  ].join('');
}

/**
 * Numbers in [0, 1) from a SHA-256 of the input, extended by re-hashing with a counter: a
 * stable, dependency-free stream (cryptographic strength is not the point, determinism is).
 */
function seededRandom(input: string): () => number {
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${counter++}\n${input}`).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value / 2 ** 32;
  };
}
