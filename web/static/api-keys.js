import { apiFetch } from './csrf.js';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(iso) {
  return iso ? DATE.format(new Date(iso)) : 'never';
}

/** /account: lists the account's API keys, shows a new key's secret once, revokes keys. */
export function initApiKeys(root) {
  const section = root.querySelector('[data-api-keys]');
  if (!section) return;
  const list = section.querySelector('[data-api-key-list]');
  const empty = section.querySelector('[data-api-keys-empty]');
  const status = section.querySelector('[data-api-keys-status]');
  const created = section.querySelector('[data-api-key-created]');
  const form = section.querySelector('#api-key-form');

  const say = (message) => {
    status.textContent = message;
    status.hidden = !message;
  };

  async function refresh() {
    const response = await fetch('/api/me/api-keys', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return say('Could not load your keys; reload the page to try again.');
    const { keys } = await response.json();
    list.replaceChildren(...keys.map(renderKey));
    empty.hidden = keys.length > 0;
  }

  // Names come from people: textContent only, never markup.
  function renderKey(key) {
    const item = document.createElement('li');
    item.className = 'api-key';
    const name = document.createElement('strong');
    name.textContent = key.name;
    const details = document.createElement('span');
    details.className = 'muted';
    details.textContent = ` ${key.prefix}… · created ${when(key.createdAt)} · last used ${when(key.lastUsedAt)} `;
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'button button-small button-danger';
    revoke.textContent = 'Revoke';
    revoke.setAttribute('aria-label', `Revoke the key ${key.name}`);
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      const result = await apiFetch(`/api/me/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
      if (!result.ok) {
        revoke.disabled = false;
        return say(result.body?.error?.message ?? 'That did not work');
      }
      say(`Revoked "${key.name}". Programs using it are refused from now on.`);
      await refresh();
    });
    item.append(name, details, revoke);
    return item;
  }

  form?.addEventListener('api-form:success', async (event) => {
    created.querySelector('[data-api-key-secret]').textContent = event.detail.key;
    created.hidden = false;
    form.reset();
    say('');
    await refresh();
  });

  void refresh();
}
