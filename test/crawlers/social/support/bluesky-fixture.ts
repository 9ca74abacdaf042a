import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type FixtureServer } from '../../support/fixture-server.ts';
import { serveImage } from './social-harness.ts';

export interface BlueskyFixturePost {
  rkey: string;
  did: string;
  handle: string;
  displayName?: string;
  text: string;
  createdAt: string;
  images: { alt: string; bytes?: Buffer }[];
  /** Images inside a quote post (app.bsky.embed.recordWithMedia#view). */
  quote?: boolean;
  labels?: string[];
  /** Shown in the author feed as a repost by `repostedBy`. */
  repostedBy?: string;
  deleted?: boolean;
}

/**
 * The AT Protocol AppView's XRPC methods on a fixture server: app.bsky.feed.searchPosts
 * (q, sort=latest, since, limit, cursor), app.bsky.feed.getAuthorFeed (actor, filter, limit,
 * cursor; reposts with a reason) and app.bsky.feed.getPosts (uris; deleted posts absent).
 */
export class BlueskyFixture {
  readonly posts: BlueskyFixturePost[] = [];
  readonly requests: URL[] = [];
  readonly interruptions: (((response: ServerResponse) => void) | 'serve')[] = [];
  private readonly imageUrls = new Map<string, string[]>();

  constructor(private readonly server: FixtureServer) {
    server.route('/xrpc/app.bsky.feed.searchPosts', (request, response, url) => this.searchPosts(request, response, url));
    server.route('/xrpc/app.bsky.feed.getAuthorFeed', (request, response, url) => this.authorFeed(request, response, url));
    server.route('/xrpc/app.bsky.feed.getPosts', (request, response, url) => this.getPosts(request, response, url));
    server.route('/xrpc/app.bsky.actor.getProfile', (request, response, url) => {
      const profile = this.profiles.get(url.searchParams.get('actor') ?? '');
      if (!profile) return void response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'InvalidRequest', message: 'Profile not found' }));
      sendJson({ ...profile, displayName: profile.handle, followersCount: 1 })(request, response, url);
    });
  }

  /** app.bsky.actor.getProfile with the account's description. */
  setProfile(profile: { did: string; handle: string }, description: string): void {
    this.profiles.set(profile.handle, { ...profile, description });
    this.profiles.set(profile.did, { ...profile, description });
  }

  private readonly profiles = new Map<string, { did: string; handle: string; description: string }>();

  async add(post: BlueskyFixturePost): Promise<BlueskyFixturePost> {
    const urls: string[] = [];
    for (const [index, image] of post.images.entries()) urls.push(await serveImage(this.server, `bsky-${post.rkey}-${index}`, image.bytes));
    this.imageUrls.set(post.rkey, urls);
    this.posts.push(post);
    return post;
  }

  uriOf(post: BlueskyFixturePost): string {
    return `at://${post.did}/app.bsky.feed.post/${post.rkey}`;
  }

  private interrupted(response: ServerResponse): boolean {
    const interruption = this.interruptions.shift();
    if (!interruption || interruption === 'serve') return false;
    interruption(response);
    return true;
  }

  private newestFirst(filter: (post: BlueskyFixturePost) => boolean): BlueskyFixturePost[] {
    return this.posts.filter((post) => !post.deleted && filter(post)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private paged<T>(items: T[], url: URL): { page: T[]; cursor?: string } {
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const page = items.slice(start, start + limit);
    return start + limit < items.length ? { page, cursor: String(start + limit) } : { page };
  }

  private searchPosts(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.requests.push(url);
    if (this.interrupted(response)) return;
    const q = url.searchParams.get('q')!.toLowerCase();
    const since = url.searchParams.get('since');
    const matches = this.newestFirst((post) => post.text.toLowerCase().includes(q) && !post.repostedBy && (since === null || post.createdAt >= since));
    const { page, cursor } = this.paged(matches, url);
    sendJson({ posts: page.map((post) => this.postView(post)), hitsTotal: matches.length, ...(cursor ? { cursor } : {}) })(request, response, url);
  }

  private authorFeed(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.requests.push(url);
    if (this.interrupted(response)) return;
    const actor = url.searchParams.get('actor');
    const feed = this.newestFirst((post) => post.handle === actor || post.did === actor || post.repostedBy === actor);
    const { page, cursor } = this.paged(feed, url);
    sendJson({
      feed: page.map((post) => ({
        post: this.postView(post),
        ...(post.repostedBy ? { reason: { $type: 'app.bsky.feed.defs#reasonRepost', by: { did: 'did:plc:reposter', handle: post.repostedBy }, indexedAt: post.createdAt } } : {}),
      })),
      ...(cursor ? { cursor } : {}),
    })(request, response, url);
  }

  private getPosts(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.requests.push(url);
    const uris = url.searchParams.getAll('uris');
    const posts = this.posts.filter((post) => !post.deleted && uris.includes(this.uriOf(post)));
    sendJson({ posts: posts.map((post) => this.postView(post)) })(request, response, url);
  }

  private postView(post: BlueskyFixturePost) {
    const urls = this.imageUrls.get(post.rkey) ?? [];
    const images = {
      $type: 'app.bsky.embed.images#view',
      images: post.images.map((image, index) => ({ thumb: `${urls[index]}?thumb`, fullsize: urls[index], alt: image.alt, aspectRatio: { width: 200, height: 160 } })),
    };
    const embed = post.images.length === 0 ? undefined : post.quote ? { $type: 'app.bsky.embed.recordWithMedia#view', record: { record: { $type: 'app.bsky.embed.record#viewNotFound', uri: 'at://x/y/z' } }, media: images } : images;
    return {
      uri: this.uriOf(post),
      cid: `bafy${post.rkey}`,
      author: { did: post.did, handle: post.handle, displayName: post.displayName, avatar: `https://cdn.bsky.example/avatar/${post.did}.jpg`, labels: [] },
      record: { $type: 'app.bsky.feed.post', text: post.text, createdAt: post.createdAt, langs: ['en'] },
      ...(embed ? { embed } : {}),
      replyCount: 0,
      repostCount: 0,
      likeCount: 3,
      indexedAt: post.createdAt,
      labels: (post.labels ?? []).map((val) => ({ src: post.did, uri: this.uriOf(post), val, cts: post.createdAt })),
    };
  }
}
