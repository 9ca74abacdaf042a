/** The owner's gallery page: visibility toggles and delete, through the JSON API. */
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

export function initGallery(root) {
  for (const item of root.querySelectorAll('[data-gallery-item]')) {
    item.querySelector('[data-toggle-visibility]')?.addEventListener('click', (event) => toggleVisibility(item, event.currentTarget));
    item.querySelector('[data-delete-item]')?.addEventListener('click', (event) => deleteItem(item, event.currentTarget));
  }
}
