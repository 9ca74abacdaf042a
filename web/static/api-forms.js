import { apiFetch } from './csrf.js';

/**
 * Forms marked data-api-form are sent as JSON to their action with their data-method. The
 * server's messages land next to the field they name ([data-error-for]); what happens on
 * success is said by data-on-success: redirect, message, reload, or event (page code decides).
 */
export function initApiForms(root) {
  for (const form of root.querySelectorAll('form[data-api-form]')) {
    // Rendered disabled so that, without this script, the form cannot post to the JSON API.
    for (const button of form.querySelectorAll('[data-needs-script]')) button.disabled = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitApiForm(form);
    });
  }
}

function formJson(form) {
  const json = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') json[name] = value;
  }
  return json;
}

export function showStatus(container, message, kind = 'info') {
  const status = container.querySelector('.form-status');
  if (!status) return;
  status.textContent = message;
  status.dataset.kind = kind;
  status.hidden = !message;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  showStatus(form, '');
}

/** Puts each issue next to its field; issues naming no field of this form go to the status line. */
export function showErrors(form, error, status) {
  const issues = error?.issues ?? [{ field: error?.field ?? '', message: error?.message ?? `The request failed (${status})` }];
  const unplaced = [];
  let first = null;
  for (const issue of issues) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(issue.field)}"]`);
    if (!slot) {
      unplaced.push(issue.message);
      continue;
    }
    slot.textContent = issue.message;
    slot.hidden = false;
    const input = form.elements.namedItem(issue.field);
    if (input instanceof HTMLElement) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  const wait = status === 429 ? ' Wait a moment and try again.' : '';
  if (unplaced.length > 0) showStatus(form, `${unplaced.join(' ')}${wait}`, 'error');
  first?.focus();
}

export async function submitApiForm(form) {
  const button = form.querySelector('button[type="submit"]');
  clearErrors(form);
  if (button) button.disabled = true;
  try {
    const result = await apiFetch(form.getAttribute('action'), { method: form.dataset.method ?? 'POST', json: formJson(form) });
    if (!result.ok) return showErrors(form, result.body?.error, result.status);
    const onSuccess = form.dataset.onSuccess;
    if (onSuccess === 'redirect') window.location.assign(form.dataset.redirect ?? '/');
    else if (onSuccess === 'reload') window.location.reload();
    else if (onSuccess === 'message') {
      showStatus(form, form.dataset.successMessage ?? result.body?.message ?? 'Done.', 'success');
      for (const input of form.querySelectorAll('input:not([type="hidden"])')) input.value = '';
    }
    form.dispatchEvent(new CustomEvent('api-form:success', { detail: result.body }));
  } catch {
    showStatus(form, 'Could not reach artsift. Check your connection and try again.', 'error');
  } finally {
    if (button) button.disabled = false;
  }
}
