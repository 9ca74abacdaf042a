/** The owner's gallery page: visibility toggles and delete, through the JSON API. */
import { clearErrors, showErrors } from './api-forms.js';
import { apiFetch } from './csrf.js';

function say(item, message) {
  const status = item.querySelector('.form-status');
  status.textContent = message;
  status.hidden = !message;
}

async function toggleVisibility(item, button) {
  const next = item.dataset.visibility === 'public' ? 'private' : 'public';
  button.disabled = true;
  const { ok, body } = await apiFetch(`/api/gallery/${item.dataset.galleryItem}`, { method: 'PATCH', json: { visibility: next } });
  button.disabled = false;
  if (!ok) return say(item, body?.error?.message ?? 'Could not change visibility.');
  item.dataset.visibility = body.visibility;
  const isPublic = body.visibility === 'public';
  button.textContent = isPublic ? 'Make private' : 'Make public';
  button.setAttribute('aria-pressed', String(isPublic));
  item.querySelector('[data-visibility-label]').textContent = isPublic ? 'Public' : 'Private';
  say(item, isPublic ? 'Now public.' : 'Now private.');
}

async function deleteItem(item, button) {
  if (!window.confirm('Delete this image for good?')) return;
  button.disabled = true;
  const { ok, body } = await apiFetch(`/api/gallery/${item.dataset.galleryItem}`, { method: 'DELETE' });
  if (!ok) {
    button.disabled = false;
    return say(item, body?.error?.message ?? 'Could not delete.');
  }
  item.remove();
}

/**
 * A public image needs a public page, and a public page needs a username: "Make public" without
 * one asks for it in place, saves it, then makes the image public.
 */
function initUsernamePrompt(section) {
  const form = section.querySelector('[data-username-prompt]');
  let pending = null;
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const username = String(new FormData(form).get('username') ?? '').trim();
    const { ok, status, body } = await apiFetch('/api/me', { method: 'PATCH', json: { username } }).catch(() => ({ ok: false, status: 0, body: null }));
    button.disabled = false;
    if (!ok) return showErrors(form, body?.error, status);
    section.dataset.username = body.username;
    form.hidden = true;
    const intro = section.querySelector('[data-gallery-intro]');
    const link = document.createElement('a');
    link.href = `/u/${encodeURIComponent(body.username)}`;
    link.textContent = 'your public page';
    intro.replaceChildren('New images are private. Public ones appear on ', link, '.');
    // The header menu offered to choose a username; it now leads to the page.
    for (const menuLink of document.querySelectorAll('.account-menu-list a[href="/account#field-username"]')) {
      menuLink.href = link.href;
      menuLink.textContent = 'My public page';
    }
    if (pending) await toggleVisibility(pending.item, pending.button);
    pending = null;
  });
  form?.querySelector('[data-username-cancel]')?.addEventListener('click', () => {
    form.hidden = true;
    pending?.button.focus();
    pending = null;
  });
  return (item, button) => {
    if (!form || section.dataset.username || item.dataset.visibility === 'public') return false;
    pending = { item, button };
    form.hidden = false;
    form.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    form.elements.namedItem('username').focus();
    return true;
  };
}

export function initGallery(root) {
  const section = root.querySelector('[data-username]');
  const askForUsername = section ? initUsernamePrompt(section) : () => false;
  for (const item of root.querySelectorAll('[data-gallery-item]')) {
    item.querySelector('[data-toggle-visibility]')?.addEventListener('click', (event) => {
      const button = event.currentTarget;
      if (!askForUsername(item, button)) toggleVisibility(item, button);
    });
    item.querySelector('[data-delete-item]')?.addEventListener('click', (event) => deleteItem(item, event.currentTarget));
  }
}
