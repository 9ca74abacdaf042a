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

  const root = document.getElementById('api-reference');
  // eslint-disable-next-line no-undef -- SwaggerUIBundle comes from swagger-ui-bundle.js, loaded just before
  SwaggerUIBundle({
    url: root.dataset.documentUrl,
    domNode: root,
    deepLinking: true,
    tryItOutEnabled: false,
    requestInterceptor: async (request) => {
      if (STATE_CHANGING.has(String(request.method).toUpperCase())) request.headers['X-CSRF-Token'] = await csrfToken();
      return request;
    },
  });
})();
