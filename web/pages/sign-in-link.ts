/**
 * The sign-in page's address that brings the visitor back to `path` afterwards (kept same-site by
 * returnToSchema on /sign-in), optionally saying why they were sent there.
 */
export function signInHref(path: string, notice?: 'generate'): string {
  // "/" needs no escaping in a query value, and addresses stay readable.
  const next = encodeURIComponent(path).replace(/%2F/g, '/');
  return `/sign-in?next=${next}${notice ? `&notice=${notice}` : ''}`;
}
