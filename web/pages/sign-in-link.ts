/**
 * The sign-in page's address that brings the visitor back to `path` afterwards (kept same-site by
 * returnToSchema on /sign-in), optionally saying why they were sent there.
 */
export function signInHref(path: string, notice?: 'generate'): string {
  const query = new URLSearchParams({ next: path });
  if (notice) query.set('notice', notice);
  return `/sign-in?${query.toString()}`;
}
