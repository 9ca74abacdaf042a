import type { ArtworkDetail } from '../../src/artworks/artwork-mappers.ts';
import { html, type SafeHtml } from '../html.ts';

/** Names people know from the generators' own UIs; unknown keys are shown as crawled. */
const LABELS: Record<string, string> = {
  generator: 'Generator',
  seed: 'Seed',
  steps: 'Steps',
  sampler: 'Sampler',
  cfgScale: 'CFG scale',
  size: 'Size',
  modelHash: 'Model hash',
  scheduler: 'Scheduler',
  clipSkip: 'Clip skip',
  denoisingStrength: 'Denoising',
};
const ORDER = Object.keys(LABELS);

/** Model and generation parameters as a small two-column table. */
export function renderParamsTable(artwork: ArtworkDetail): SafeHtml {
  const entries = Object.entries(artwork.params)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '')
    // "Size" as the generator wrote it repeats the Dimensions row unless the image was resized since.
    .filter(([key, value]) => key !== 'size' || !sameSize(String(value), artwork.width, artwork.height))
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const rows: [string, string][] = [
    ...(artwork.model ? [['Model', artwork.model] as [string, string]] : []),
    ...entries.map(([key, value]): [string, string] => [LABELS[key] ?? key, String(value)]),
    ['Dimensions', `${artwork.width} × ${artwork.height}`],
  ];
  return html`<table class="params">
    <caption class="visually-hidden">Model and generation parameters</caption>
    <tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`)}</tbody>
  </table>`;
}

function sameSize(size: string, width: number, height: number): boolean {
  const match = /^\s*(\d+)\s*[x×*]\s*(\d+)\s*$/i.exec(size);
  return match !== null && Number(match[1]) === width && Number(match[2]) === height;
}

function rank(key: string): number {
  const index = ORDER.indexOf(key);
  return index === -1 ? ORDER.length : index;
}
