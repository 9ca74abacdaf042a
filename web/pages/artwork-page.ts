import type { ArtworkDetail } from '../../src/artworks/artwork-mappers.ts';
import { html, type SafeHtml } from '../html.ts';
import { sourceLabel } from '../shared/source-label.ts';
import { renderParamsTable } from './artwork-params.ts';
import { renderTiles } from './artwork-tile.ts';
import { renderGridLayoutScript, renderLayout } from './layout.ts';
import { externalUrl, firstWords, formatDate, summary } from './text.ts';

export interface ArtworkPageView {
  artwork: ArtworkDetail;
  publicUrl: string;
  /** The cheapest generation at this artwork's shape, shown beside the button; null if none is offered. */
  generateCost?: number | null;
}

/** GET /a/:id: the preview large, everything known about how it was made beside it. */
export function renderArtworkPage({ artwork, publicUrl, generateCost = null }: ArtworkPageView): string {
  const title = firstWords(artwork.prompt || artwork.description || '');
  return renderLayout({
    title: `${title} — artsift`,
    page: 'artwork',
    head: renderMeta(artwork, title, publicUrl),
    main: html`<article class="artwork">
  <div class="artwork-media">${
    artwork.previewUrl
      ? html`<img class="artwork-preview" src="${artwork.previewUrl}" width="${artwork.width}" height="${artwork.height}" alt="${title}" fetchpriority="high" decoding="async" data-thumbhash="${artwork.placeholder}">`
      : html`<div class="artwork-missing" role="img" aria-label="${title}" data-thumbhash="${artwork.placeholder}"></div>`
  }</div>
  <div class="artwork-info">
    <h1 class="visually-hidden">${title}</h1>
    <section class="prompt-block" aria-labelledby="prompt-heading">
      <div class="block-head">
        <h2 class="block-title" id="prompt-heading">Prompt</h2>
        ${artwork.prompt ? html`<button class="copy-button" type="button" data-copy-target="prompt-text" hidden>Copy</button>` : ''}
      </div>
      ${
        artwork.prompt
          ? html`<p class="prompt" id="prompt-text">${artwork.prompt}</p>`
          : html`<p class="prompt prompt-unknown" id="prompt-text">Prompt unknown: no prompt was published with this image.</p>`
      }
      <p class="copy-status" role="status" aria-live="polite"></p>
    </section>
    ${
      !artwork.prompt && artwork.description
        ? html`<section class="post-text" aria-labelledby="post-text-heading"><h2 class="block-title" id="post-text-heading">From the post</h2><p class="description">${artwork.description}</p></section>`
        : ''
    }
    ${
      artwork.negativePrompt
        ? html`<details class="negative-prompt"><summary>Negative prompt</summary><p class="prompt">${artwork.negativePrompt}</p></details>`
        : ''
    }
    <div class="generate-action">
      <a class="button button-primary" href="/generate?artwork=${artwork.id}">Generate with this prompt</a>
      ${generateCost === null ? '' : html`<p class="generate-cost">From <strong>${generateCost} ${generateCost === 1 ? 'credit' : 'credits'}</strong></p>`}
    </div>
    ${renderParamsTable(artwork)}
    ${renderProvenance(artwork)}
    ${artwork.tags.length > 0 ? html`<ul class="tags" aria-label="Tags">${artwork.tags.map((tag) => html`<li><a class="chip" href="/?q=${encodeURIComponent(tag)}">${tag}</a></li>`)}</ul>` : ''}
    <p class="report"><a href="/dmca?artwork=${artwork.id}">Report / request removal</a></p>
  </div>
</article>
${
  artwork.similar.length > 0
    ? html`<section class="similar" aria-labelledby="similar-heading">
  <h2 class="section-title" id="similar-heading">Similar</h2>
  <div class="grid" id="grid">${renderTiles(artwork.similar)}</div>${renderGridLayoutScript()}
</section>`
    : ''
}`,
  });
}

/** Who made it, where it was posted and when; crawled links never pass on our reputation. */
function renderProvenance(artwork: ArtworkDetail): SafeHtml {
  const authorUrl = externalUrl(artwork.author.url);
  const postUrl = externalUrl(artwork.sourceUrl);
  const authorName = artwork.author.name ?? artwork.author.handle;
  const handle = artwork.author.handle && artwork.author.handle !== authorName ? html` <span class="muted">@${artwork.author.handle}</span>` : '';
  return html`<dl class="provenance">
    ${
      authorName
        ? html`<div><dt>Author</dt><dd>${authorUrl ? html`<a href="${authorUrl}" rel="noopener nofollow ugc">${authorName}</a>` : authorName}${handle}</dd></div>`
        : ''
    }
    <div><dt>Source</dt><dd>${sourceLabel(artwork.source)}${postUrl ? html` · <a class="source-link" href="${postUrl}" rel="noopener nofollow ugc">View original post</a>` : ''}</dd></div>
    ${
      artwork.publishedAt
        ? html`<div><dt>Published</dt><dd><time datetime="${artwork.publishedAt}">${formatDate(artwork.publishedAt)}</time></dd></div>`
        : html`<div><dt>Indexed</dt><dd><time datetime="${artwork.indexedAt}">${formatDate(artwork.indexedAt)}</time></dd></div>`
    }
  </dl>`;
}

/** Canonical URL plus OpenGraph and Twitter cards, so shared links unfurl with the image. */
function renderMeta(artwork: ArtworkDetail, title: string, publicUrl: string): SafeHtml {
  const url = `${publicUrl}/a/${artwork.id}`;
  const description = summary(artwork.prompt || `AI-generated artwork${artwork.model ? ` made with ${artwork.model}` : ''}`);
  const imagePath = artwork.previewUrl ?? artwork.thumbnailUrl;
  const image = imagePath ? `${publicUrl}${imagePath}` : null;
  return html`<meta name="description" content="${description}">
<link rel="canonical" href="${url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="artsift">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
${image ? html`<meta property="og:image" content="${image}">\n<meta property="og:image:alt" content="${title}">` : ''}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${description}">
${image ? html`<meta name="twitter:image" content="${image}">` : ''}`;
}
