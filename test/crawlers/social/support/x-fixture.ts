import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type FixtureServer } from '../../support/fixture-server.ts';
import { serveImage } from './social-harness.ts';

export interface XFixturePost {
  id: string;
  text: string;
  author: { id: string; username: string; name: string };
  photos: { alt?: string; bytes?: Buffer }[];
  sensitive?: boolean;
  /** Deleted at the source: lookups answer "Not Found", search no longer lists it. */
  deleted?: boolean;
  /** The author's account was suspended. */
  suspended?: boolean;
}

/**
 * X API v2 on a fixture server: GET /2/tweets/search/recent (newest first, max_results,
 * since_id, next_token, expansions into includes.media and includes.users) and GET /2/tweets
 * (lookup by ids, with per-id errors), bearer token required, x-rate-limit-* headers.
 */
export class XFixture {
  readonly posts: XFixturePost[] = [];
  readonly searchRequests: { url: URL; at: number; authorization: string | undefined }[] = [];
  readonly lookupRequests: URL[] = [];
  /** Answers queued for the next search requests instead of a page (429s, 503s); 'serve' answers normally. */
  readonly interruptions: (((response: ServerResponse) => void) | 'serve')[] = [];
  private mediaCounter = 0;
  private readonly mediaUrls = new Map<string, string>();

  constructor(
    private readonly server: FixtureServer,
    private readonly token: string,
  ) {
    server.route('/2/tweets/search/recent', (request, response, url) => this.search(request, response, url));
    server.route('/2/tweets', (request, response, url) => this.lookup(request, response, url));
  }

  /** GET /2/users/by/username/:username with the account's bio. */
  setProfile(user: { id: string; username: string; name: string }, description: string): void {
    this.server.route(`/2/users/by/username/${user.username}`, (request, response, url) => {
      if (this.authorized(request, response)) sendJson({ data: { ...user, description } })(request, response, url);
    });
  }

  async add(post: XFixturePost): Promise<XFixturePost> {
    for (const photo of post.photos) {
      const key = `3_${(this.mediaCounter += 1)}`;
      this.mediaUrls.set(`${post.id}/${post.photos.indexOf(photo)}`, key);
      this.mediaUrls.set(key, await serveImage(this.server, `x-${key}`, photo.bytes));
    }
    this.posts.push(post);
    return post;
  }

  private authorized(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.headers.authorization === `Bearer ${this.token}`) return true;
    response.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Unauthorized', type: 'about:blank' }));
    return false;
  }

  private search(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.searchRequests.push({ url, at: Date.now(), authorization: request.headers.authorization });
    if (!this.authorized(request, response)) return;
    const interruption = this.interruptions.shift();
    if (interruption && interruption !== 'serve') return interruption(response);
    const max = Number(url.searchParams.get('max_results') ?? 10);
    const sinceId = url.searchParams.get('since_id');
    const token = url.searchParams.get('next_token');
    const visible = this.posts
      .filter((post) => !post.deleted && !post.suspended && (sinceId === null || BigInt(post.id) > BigInt(sinceId)))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const start = token === null ? 0 : Number(token.replace('tok', ''));
    const page = visible.slice(start, start + max);
    const next = start + max < visible.length ? `tok${start + max}` : undefined;
    const body = this.postsBody(page);
    sendJson({ ...body, meta: { result_count: page.length, newest_id: page[0]?.id, oldest_id: page.at(-1)?.id, ...(next ? { next_token: next } : {}) } })(request, response, url);
  }

  private lookup(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.lookupRequests.push(url);
    if (!this.authorized(request, response)) return;
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    const found = ids.map((id) => this.posts.find((post) => post.id === id));
    const live = found.filter((post): post is XFixturePost => post !== undefined && !post.deleted && !post.suspended);
    const errors = ids
      .filter((id) => !live.some((post) => post.id === id))
      .map((id) => {
        const post = this.posts.find((candidate) => candidate.id === id);
        return post?.suspended
          ? { value: id, detail: `Sorry, you are not authorized to see the Post with id: [${id}].`, title: 'Authorization Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/not-authorized-for-resource' }
          : { value: id, detail: `Could not find tweet with ids: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' };
      });
    sendJson({ ...this.postsBody(live), ...(errors.length > 0 ? { errors } : {}) })(request, response, url);
  }

  private postsBody(posts: XFixturePost[]) {
    if (posts.length === 0) return {};
    const media = posts.flatMap((post) =>
      post.photos.map((photo, index) => {
        const key = this.mediaUrls.get(`${post.id}/${index}`)!;
        return { media_key: key, type: 'photo', url: this.mediaUrls.get(key)!, width: 200, height: 160, ...(photo.alt ? { alt_text: photo.alt } : {}) };
      }),
    );
    const users = [...new Map(posts.map((post) => [post.author.id, { id: post.author.id, name: post.author.name, username: post.author.username }])).values()];
    return {
      data: posts.map((post) => ({
        id: post.id,
        text: post.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
        author_id: post.author.id,
        created_at: new Date(Date.UTC(2026, 10, 27) + Number(BigInt(post.id) % 100000n) * 1000).toISOString(),
        possibly_sensitive: post.sensitive ?? false,
        edit_history_tweet_ids: [post.id],
        ...(post.photos.length > 0 ? { attachments: { media_keys: post.photos.map((_, index) => this.mediaUrls.get(`${post.id}/${index}`)!) } } : {}),
      })),
      includes: { media, users },
    };
  }
}

/** A 429 as X sends it: the window's limit, nothing remaining, and when it resets (epoch seconds). */
export function xRateLimited(resetAtMs: number) {
  return (response: ServerResponse) => {
    response
      .writeHead(429, { 'content-type': 'application/json', 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(resetAtMs / 1000)) })
      .end(JSON.stringify({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }));
  };
}
