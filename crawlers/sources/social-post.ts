import type { Checkpoint, SourceItem } from '../runner/crawl-source.ts';
import { readPostPrompt } from '../post-text/read-post-prompt.ts';
import { sourceIdFor } from './source-id.ts';

/** A post from a social platform, reduced to what every platform has. */
export interface SocialPost {
  /** artworks.source of its records. */
  source: string;
  /** The platform's id for the post; each image's source id is `<postKey>#<n>`. */
  postKey: string;
  /** The public page of the post, linked from every card and page. */
  postUrl: string;
  text: string;
  publishedAt: string | null;
  nsfw: boolean;
  /** Name and handle only: avatars are never stored. */
  author: { handle: string | null; name: string | null; url: string | null };
  images: { url: string; altText: string | null }[];
}

/** The image's source id for the nth (1-based) picture of a post. */
export const socialSourceId = (postKey: string, n: number) => sourceIdFor(`${postKey}#${n}`);

/** The post key back from a source id made by socialSourceId. */
export const postKeyOfSourceId = (sourceId: string) => sourceId.slice(0, sourceId.lastIndexOf('#'));

/**
 * One item per image of the post, each with the prompt the post text and its own alt text
 * give (read by crawlers/post-text). The checkpoint moves past the post only with its last
 * image; replaying earlier images of a post is harmless (stores are idempotent).
 */
export function socialPostItems(post: SocialPost, checkpointAt: Checkpoint, checkpointPast: Checkpoint): SourceItem[] {
  return post.images.map((image, index) => {
    const read = readPostPrompt({ text: post.text, altText: image.altText });
    const n = index + 1;
    return {
      kind: 'item',
      ref: `${post.source}:${post.postKey}#${n}`,
      fileMetadataWins: true,
      record: {
        ok: true,
        input: {
          source: post.source,
          sourceId: socialSourceId(post.postKey, n),
          postUrl: post.postUrl,
          imageUrl: image.url,
          author: post.author,
          prompt: read.prompt,
          negativePrompt: read.negativePrompt,
          description: read.description,
          model: read.model,
          params: read.params,
          tags: read.tags,
          nsfw: post.nsfw,
          publishedAt: post.publishedAt,
        },
      },
      checkpointAfter: n === post.images.length ? checkpointPast : checkpointAt,
    };
  });
}
