/**
 * A minimal browser stand-in over fetch: keeps cookies (one jar per agent), fetches the CSRF
 * token like the web pages do, and never follows redirects by itself.
 */
export interface AgentResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...rest] = header.split(';');
  const index = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes.set(key.toLowerCase(), value.join('='));
  }
  return { name: pair.slice(0, index).trim(), value: pair.slice(index + 1).trim(), attributes };
}

export class HttpAgent {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie seen, for tests of cookie attributes. */
  readonly setCookies: SetCookie[] = [];
  private csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    /** Sent as X-Forwarded-For etc. on every request (tests of proxies and client IPs). */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request<T = unknown>(method: string, pathOrUrl: string, options: { json?: unknown; headers?: Record<string, string> } = {}): Promise<AgentResponse<T>> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const headers: Record<string, string> = { Accept: 'application/json', ...this.extraHeaders, ...options.headers };
    if (this.cookies.size > 0) headers.Cookie = this.cookieHeader();
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, redirect: 'manual', body: options.json === undefined ? undefined : JSON.stringify(options.json) });
    this.remember(response.headers.getSetCookie());
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json')) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  private remember(setCookieHeaders: string[]): void {
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header);
      this.setCookies.push(cookie);
      const expires = cookie.attributes.get('expires');
      const gone = cookie.attributes.get('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() < Date.now());
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, headers ? { headers } : {});
  }

  /** GET /api/csrf, as the web pages do before their first state-changing request. */
  async fetchCsrfToken(): Promise<string> {
    const response = await this.get<{ token: string }>('/api/csrf');
    this.csrfToken = response.body.token;
    return this.csrfToken;
  }

  /** A state-changing request with the CSRF header, refreshing the token once if it went stale. */
  async send<T = unknown>(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, json?: unknown): Promise<AgentResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const token = this.csrfToken ?? (await this.fetchCsrfToken());
      const response = await this.request<T>(method, path, { json, headers: { 'X-CSRF-Token': token } });
      const stale = response.status === 403 && (response.body as { error?: { field?: string } })?.error?.field === 'x-csrf-token';
      if (!stale || attempt > 0) return response;
      this.csrfToken = undefined;
    }
  }

  post<T = unknown>(path: string, json?: unknown) {
    return this.send<T>('POST', path, json);
  }
}
