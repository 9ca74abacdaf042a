import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type FixtureServer } from '../../support/fixture-server.ts';
import { serveImage } from './social-harness.ts';

export interface MastodonFixtureStatus {
  id: string;
  /** Local account (username) or a remote one (username@their.instance). */
  acct: string;
  displayName: string;
  /** Status content as Mastodon sends it: HTML. */
  content: string;
  media: { type?: string; description: string | null; bytes?: Buffer }[];
  sensitive?: boolean;
  visibility?: string;
  deleted?: boolean;
  /** The account is suspended: its statuses answer 410 Gone. */
  suspended?: boolean;
}

/**
 * A Mastodon instance's public API on a fixture server: GET /api/v1/timelines/tag/:tag
 * (limit, max_id, since_id, only_media; a Link header with rel="next" while there is more)
 * and GET /api/v1/statuses/:id (404 once deleted, 410 for a suspended account).
 */
export class MastodonFixture {
  readonly statuses: MastodonFixtureStatus[] = [];
  readonly timelineRequests: URL[] = [];
  readonly statusRequests: string[] = [];
  /** Answers queued for the next timeline requests instead of a page (429s, 503s); 'serve' answers normally. */
  readonly interruptions: (((response: ServerResponse) => void) | 'serve')[] = [];
  private readonly mediaUrls = new Map<string, string[]>();

  constructor(
    private readonly server: FixtureServer,
    readonly tag: string,
  ) {
    server.route(`/api/v1/timelines/tag/${tag}`, (request, response, url) => this.timeline(request, response, url));
  }

  get host(): string {
    return new URL(this.server.origin).host;
  }

  /** GET /api/v1/accounts/lookup?acct= and the account's statuses (none), with its bio as HTML. */
  setAccount(acct: string, noteHtml: string): void {
    const [username] = acct.split('@');
    this.server.route('/api/v1/accounts/lookup', (request, response, url) => {
      if (url.searchParams.get('acct') !== acct) return void response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Record not found' }));
      sendJson({ id: '4242', username, acct, url: `${this.server.origin}/@${username}`, note: noteHtml })(request, response, url);
    });
    this.server.route('/api/v1/accounts/4242/statuses', sendJson([]));
  }

  async add(status: MastodonFixtureStatus): Promise<MastodonFixtureStatus> {
    const urls: string[] = [];
    for (const [index, media] of status.media.entries()) urls.push(await serveImage(this.server, `masto-${status.id}-${index}`, media.bytes));
    this.mediaUrls.set(status.id, urls);
    this.statuses.push(status);
    this.server.route(`/api/v1/statuses/${status.id}`, (request, response, url) => {
      this.statusRequests.push(status.id);
      if (status.suspended) return void response.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Gone' }));
      if (status.deleted || status.visibility === 'private') return void response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Record not found' }));
      sendJson(this.entity(status))(request, response, url);
    });
    return status;
  }

  private timeline(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.timelineRequests.push(url);
    const interruption = this.interruptions.shift();
    if (interruption && interruption !== 'serve') return interruption(response);
    const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
    const maxId = url.searchParams.get('max_id');
    const sinceId = url.searchParams.get('since_id');
    const listed = this.statuses
      .filter((status) => !status.deleted && !status.suspended && (status.visibility ?? 'public') === 'public')
      .filter((status) => url.searchParams.get('only_media') !== 'true' || status.media.length > 0)
      .filter((status) => (maxId === null || BigInt(status.id) < BigInt(maxId)) && (sinceId === null || BigInt(status.id) > BigInt(sinceId)))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = listed.slice(0, limit);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (page.length > 0) {
      const base = `${this.server.origin}/api/v1/timelines/tag/${this.tag}`;
      const next = listed.length > limit ? `<${base}?max_id=${page.at(-1)!.id}&only_media=true>; rel="next", ` : '';
      headers.link = `${next}<${base}?min_id=${page[0]!.id}&only_media=true>; rel="prev"`;
    }
    response.writeHead(200, headers).end(JSON.stringify(page.map((status) => this.entity(status))));
  }

  private entity(status: MastodonFixtureStatus) {
    const [username, remoteHost] = status.acct.split('@');
    const accountUrl = remoteHost ? `https://${remoteHost}/@${username}` : `${this.server.origin}/@${username}`;
    const urls = this.mediaUrls.get(status.id) ?? [];
    return {
      id: status.id,
      created_at: new Date(Date.UTC(2026, 10, 26) + Number(BigInt(status.id) % 100000n) * 1000).toISOString(),
      in_reply_to_id: null,
      sensitive: status.sensitive ?? false,
      spoiler_text: '',
      visibility: status.visibility ?? 'public',
      language: 'en',
      uri: `${remoteHost ? `https://${remoteHost}` : this.server.origin}/users/${username}/statuses/${status.id}`,
      url: `${accountUrl}/${status.id}`,
      content: status.content,
      reblog: null,
      account: { id: `9${status.id}`, username, acct: status.acct, display_name: status.displayName, url: accountUrl, avatar: `${this.server.origin}/avatars/${username}.png` },
      media_attachments: status.media.map((media, index) => ({
        id: `${status.id}${index}`,
        type: media.type ?? 'image',
        url: urls[index],
        preview_url: `${urls[index]}?small`,
        remote_url: null,
        description: media.description,
        meta: { original: { width: 200, height: 160 } },
      })),
      tags: [{ name: this.tag, url: `${this.server.origin}/tags/${this.tag}` }],
    };
  }
}

/** How Mastodon renders a hashtag and a mention inside status HTML. */
export const hashtagHtml = (origin: string, tag: string) => `<a href="${origin}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`;
export const mentionHtml = (origin: string, user: string) => `<span class="h-card" translate="no"><a href="${origin}/@${user}" class="u-url mention">@<span>${user}</span></a></span>`;
