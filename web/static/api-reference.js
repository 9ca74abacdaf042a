/*
 * Starts Swagger UI on /docs/api (a classic script: the page's CSP allows no inline code).
 * "Try it out" runs in this browser's session: state-changing requests get the session's
 * CSRF token, as the site's own pages send it.
 */
(() => {
  const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  let token = null;

  async function csrfToken() {
    token ??= fetch('/api/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`csrf ${response.status}`))))
      .then((body) => body.token)
      .catch((error) => {
        token = null;
        throw error;
      });
    return token;
  }

  async function start() {
    const root = document.getElementById('api-reference');
    const spec = await fetch(root.dataset.documentUrl, { headers: { Accept: 'application/json' } }).then((response) => response.json());
    // "Try it out" goes to the server this page came from: the session cookie and the page's CSP (connect-src 'self') allow no other.
    spec.servers = [{ url: window.location.origin, description: 'this server' }];
    // eslint-disable-next-line no-undef -- SwaggerUIBundle comes from swagger-ui-bundle.js, loaded just before
    SwaggerUIBundle({
      spec,
      domNode: root,
      deepLinking: true,
      tryItOutEnabled: false,
      requestInterceptor: async (request) => {
        if (STATE_CHANGING.has(String(request.method).toUpperCase())) request.headers['X-CSRF-Token'] = await csrfToken();
        return request;
      },
    });
  }

  start().catch((error) => {
    document.getElementById('api-reference').textContent = `The API document could not be loaded: ${error.message}`;
  });
})();
