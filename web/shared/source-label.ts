/**
 * How a source's configured name (a slug such as "civitai" or "demo-gallery") reads on a page.
 * Shared by the server's pages and, through the bundle, the browser's live search.
 */
const BRANDS: Record<string, string> = {
  civitai: 'Civitai',
  openart: 'OpenArt',
  lexica: 'Lexica',
  deviantart: 'DeviantArt',
  artstation: 'ArtStation',
  midjourney: 'Midjourney',
  reddit: 'Reddit',
  pixiv: 'pixiv',
  tensorart: 'Tensor.Art',
  nightcafe: 'NightCafe',
  playground: 'Playground',
  rss: 'RSS',
};

export function sourceLabel(slug: string): string {
  const words = slug.split(/[-_\s]+/).filter(Boolean);
  if (words.length === 0) return slug;
  const demo = words[0]!.toLowerCase() === 'demo' && words.length > 1;
  const named = (demo ? words.slice(1) : words)
    .map((word) => BRANDS[word.toLowerCase()] ?? `${word[0]!.toUpperCase()}${word.slice(1)}`)
    .join(' ');
  return demo ? `${named} (demo)` : named;
}
