import { html } from '../html.ts';

export const API_REFERENCE_ASSETS = '/docs/api/assets';

/**
 * /docs/api: the interactive reference of GET /api/openapi.json, drawn by Swagger UI from the
 * app's own copy of swagger-ui-dist (no CDN), started by web/static/api-reference.js since the
 * Content-Security-Policy allows no inline script.
 */
export function renderApiReferencePage({ documentUrl }: { documentUrl: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference — artsift</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${API_REFERENCE_ASSETS}/swagger-ui.css">
</head>
<body>
<p class="api-reference-home"><a href="/">artsift</a> · <a href="${documentUrl}">OpenAPI document (JSON)</a></p>
<div id="api-reference" data-document-url="${documentUrl}"></div>
<script src="${API_REFERENCE_ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/api-reference.js"></script>
</body>
</html>
`.toString();
}
