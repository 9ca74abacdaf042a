import { showErrors, showStatus } from './api-forms.js';
import { initApiKeys } from './api-keys.js';
import { apiFetch } from './csrf.js';

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** /account: avatar upload and removal, "sign out everywhere" (the other forms are api-forms). */
export function initAccountSettings(root) {
  initApiKeys(root);
  const avatarForm = root.querySelector('#avatar-form');
  const avatarInput = avatarForm?.querySelector('input[type="file"]');
  avatarInput?.addEventListener('change', async () => {
    const file = avatarInput.files?.[0];
    if (!file) return;
    showStatus(avatarForm, 'Uploading…');
    const result = await apiFetch('/api/me', { method: 'PATCH', json: { avatar: await readAsDataUrl(file) } });
    if (!result.ok) return showErrors(avatarForm, result.body?.error, result.status);
    window.location.reload();
  });
  root.querySelector('[data-remove-avatar]')?.addEventListener('click', async () => {
    const result = await apiFetch('/api/me', { method: 'PATCH', json: { avatar: null } });
    if (result.ok) window.location.reload();
    else showErrors(avatarForm, result.body?.error, result.status);
  });

  const everywhere = root.querySelector('[data-sign-out-everywhere]');
  everywhere?.addEventListener('click', async () => {
    everywhere.disabled = true;
    const result = await apiFetch('/api/auth/logout-everywhere');
    if (result.ok) return window.location.assign('/sign-in');
    everywhere.disabled = false;
    showStatus(everywhere.closest('section'), result.body?.error?.message ?? 'That did not work', 'error');
  });
}
