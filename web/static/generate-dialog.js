/**
 * "Generate with this prompt" on the artwork page: opens the generate form (rendered by
 * /generate?artwork=<id>) in a dialog. Visitors who are not signed in follow the link instead,
 * which leads them through sign-in.
 */
import { initGenerateForm } from './generate-form.js';

async function loadForm(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  if (!response.ok || new URL(response.url).pathname !== '/generate') return null;
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const form = page.querySelector('[data-generate-form]');
  return form ? [form] : null;
}

function buildDialog(parts) {
  const dialog = document.createElement('dialog');
  dialog.className = 'generate-dialog';
  dialog.setAttribute('aria-labelledby', 'generate-dialog-title');
  const head = document.createElement('div');
  head.className = 'generate-dialog-head';
  const title = document.createElement('h2');
  title.id = 'generate-dialog-title';
  title.textContent = 'Generate with this prompt';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  head.append(title, close);
  dialog.append(head, ...parts.map((part) => document.importNode(part, true)));
  document.body.append(dialog);
  initGenerateForm(dialog);
  return dialog;
}

export function initGenerateDialog(root) {
  // The artwork page's primary action; its markup stays a plain link for visitors without JavaScript.
  const link = root.querySelector('.artwork-info a[href^="/generate?artwork="]');
  if (!link || typeof HTMLDialogElement === 'undefined') return;
  let dialog = null;
  link.addEventListener('click', async (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (!dialog) {
      const parts = await loadForm(link.href).catch(() => null);
      if (!parts) {
        window.location.assign(link.href);
        return;
      }
      dialog = buildDialog(parts);
    }
    dialog.showModal();
    dialog.querySelector('textarea')?.focus();
  });
}
