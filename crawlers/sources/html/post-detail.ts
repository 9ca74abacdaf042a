import type { Page } from 'playwright-core';
import type { z } from 'zod';
import type { Logger } from '../../../src/logger.ts';
import type { htmlOptionsSchema } from '../../config/source-config.ts';
import { checkItem, readPageData, textAt, type ExtractedItem } from './extract-items.ts';
import { itemFromOpenGraph, itemsFromJsonLd } from './structured-data.ts';

/** The options read here come from the sources file, not from the page source that calls us. */
type PostPageOptions = Pick<z.output<typeof htmlOptionsSchema>, 'detailSelectors' | 'pageTimeoutMs'>;

/**
 * Completes a grid item from its post page, where the full prompt and the parameters usually
 * are. The post page is read without running its scripts (structured data and markup are in
 * the HTML), through the same politeness as everything else. What the post page says wins for
 * the texts (the grid's are often cut short); the grid's image and identity are kept. A post
 * page that cannot be read leaves the item as the grid showed it.
 */
export async function completeFromPostPage(
  detailPage: Page,
  item: ExtractedItem,
  options: PostPageOptions,
  logger: Logger,
): Promise<ExtractedItem> {
  if (!item.postLink) return item;
  try {
    const response = await detailPage.goto(item.postLink, { waitUntil: 'domcontentloaded', timeout: options.pageTimeoutMs });
    if (!response || response.status() >= 400) {
      logger.info({ url: item.postLink, status: response?.status() }, 'post page not read');
      return item;
    }
    const data = await readPageData(detailPage);
    const baseUrl = detailPage.url();
    const described = itemsFromJsonLd(data.jsonLd, baseUrl).map(checkItem);
    const jsonLd = described.find((candidate) => candidate.image === item.image) ?? described[0];
    const openGraph = checkItem(itemFromOpenGraph(data.openGraph, baseUrl));
    const selected = {
      prompt: await textAt(detailPage, options.detailSelectors?.prompt),
      negativePrompt: await textAt(detailPage, options.detailSelectors?.negativePrompt),
      model: await textAt(detailPage, options.detailSelectors?.model),
    };
    const shown = checkItem({ ...selected, image: null, author: null, authorLink: null, postLink: null, params: {} });
    return {
      ...item,
      image: item.image ?? jsonLd?.image ?? openGraph.image,
      prompt: shown.prompt ?? jsonLd?.prompt ?? openGraph.prompt ?? item.prompt,
      negativePrompt: shown.negativePrompt ?? jsonLd?.negativePrompt ?? item.negativePrompt,
      model: shown.model ?? jsonLd?.model ?? item.model,
      author: item.author ?? jsonLd?.author ?? null,
      authorLink: item.authorLink ?? jsonLd?.authorLink ?? null,
      params: { ...item.params, ...jsonLd?.params },
    };
  } catch (error) {
    if (detailPage.context().browser()?.isConnected() === false) throw error;
    logger.info({ url: item.postLink, error: error instanceof Error ? error.message : String(error) }, 'post page not read');
    return item;
  }
}
