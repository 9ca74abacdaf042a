/**
 * fetch() for the JSON API with the session's CSRF token (GET /api/csrf) in X-CSRF-Token.
 * Signing in or out gives the session a new token, so one refusal for a stale token
 * fetches a fresh one and tries again.
 */
let tokenPromise = null;

function csrfToken() {
  tokenPromise ??= fetch('/api/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`csrf ${response.status}`))))
    .then((body) => body.token)
    .catch((error) => {
      tokenPromise = null;
      throw error;
    });
  return tokenPromise;
}

/** Resolves with { ok, status, body } where body is the parsed JSON (or null for 204). */
export async function apiFetch(url, { method = 'POST', json } = {}) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = { Accept: 'application/json', 'X-CSRF-Token': await csrfToken() };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, credentials: 'same-origin', body: json === undefined ? undefined : JSON.stringify(json) });
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    const staleToken = response.status === 403 && body?.error?.field === 'x-csrf-token';
    if (staleToken && attempt === 0) {
      tokenPromise = null;
      continue;
    }
    return { ok: response.ok, status: response.status, body };
  }
  throw new Error('unreachable');
}
