import { html, type SafeHtml } from '../html.ts';
import { renderApiForm, renderField } from './form-fields.ts';

/**
 * /account: API keys for scripts and assistants. The list is filled by web/static/api-keys.js
 * from GET /api/me/api-keys; a new key's secret is shown there once, right after it is made.
 */
export function renderApiKeysSection(): SafeHtml {
  return html`<section class="account-section" id="api-keys" aria-labelledby="api-keys-title" data-api-keys>
    <h2 id="api-keys-title">API keys</h2>
    <p>For scripts and AI assistants: send a key as <code>Authorization: Bearer &lt;key&gt;</code> to the search, artwork, generation, gallery and credits API, or to the MCP server at <code>/mcp</code>. A key acts as you (generations spend your credits), but cannot change your account.</p>
    ${renderApiForm({
      id: 'api-key-form',
      action: '/api/me/api-keys',
      onSuccess: 'event',
      submitLabel: 'Create key',
      body: renderField({ name: 'name', id: 'api-key-name', label: 'Name', hint: 'What the key is for, such as "laptop assistant". Up to 60 characters.', required: true, attributes: { maxlength: '60' } }),
    })}
    <div class="api-key-created" data-api-key-created hidden>
      <p><strong>Copy this key now.</strong> It is shown only once; artsift keeps only a fingerprint of it.</p>
      <p><code class="api-key-secret" id="api-key-secret" data-api-key-secret></code></p>
    </div>
    <p class="muted" data-api-keys-empty hidden>No keys yet.</p>
    <ul class="api-key-list" data-api-key-list></ul>
    <p class="form-status" role="status" aria-live="polite" data-api-keys-status hidden></p>
  </section>`;
}
