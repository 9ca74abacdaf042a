import { html, type SafeHtml } from '../html.ts';

export interface FieldOptions {
  name: string;
  /** Only needed when two forms on one page share a field name. */
  id?: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'file' | 'hidden';
  autocomplete?: string;
  required?: boolean;
  value?: string;
  hint?: string;
  /** Extra attributes known to be safe (minlength, inputmode, accept…). */
  attributes?: Record<string, string>;
}

/**
 * A labelled input with a slot for the server's message about it: web/static/api-forms.js puts
 * each `issues[].message` next to the input of the same name.
 */
export function renderField({ name, id = `field-${name}`, label, type = 'text', autocomplete, required = false, value, hint, attributes = {} }: FieldOptions): SafeHtml {
  const described = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  const extra = Object.entries(attributes).map(([key, attributeValue]) => html` ${key}="${attributeValue}"`);
  return html`<div class="field">
    <label for="${id}">${label}</label>
    ${hint ? html`<p class="field-hint" id="${id}-hint">${hint}</p>` : ''}
    <input id="${id}" name="${name}" type="${type}"${autocomplete ? html` autocomplete="${autocomplete}"` : ''}${required ? html` required` : ''}${value !== undefined ? html` value="${value}"` : ''} aria-describedby="${described}"${extra}>
    <p class="field-error" id="${id}-error" data-error-for="${name}" hidden></p>
  </div>`;
}

/** Where a form says what happened (success or a message that names no field). */
export function renderFormStatus(): SafeHtml {
  return html`<p class="form-status" role="status" aria-live="polite" hidden></p>`;
}

export interface ApiFormOptions {
  id: string;
  action: string;
  method?: 'POST' | 'PATCH' | 'DELETE';
  /** What the page does after a success: go somewhere, or show the server's message. */
  onSuccess: { redirect: string } | { message: string } | 'reload' | 'event';
  submitLabel: string;
  body: SafeHtml;
  danger?: boolean;
}

/**
 * Said plainly where a form only works with JavaScript (it is sent as JSON with a CSRF header);
 * its submit button starts disabled and the page script enables it, so nothing posts raw.
 */
export function renderNeedsScript(): SafeHtml {
  return html`<noscript><p class="form-needs-script">This form needs JavaScript, which is turned off in this browser. Turn it on for this site and reload the page to continue.</p></noscript>`;
}

/** A form the client submits as JSON with the CSRF header (see web/static/api-forms.js). */
export function renderApiForm({ id, action, method = 'POST', onSuccess, submitLabel, body, danger = false }: ApiFormOptions): SafeHtml {
  const success =
    onSuccess === 'reload' || onSuccess === 'event'
      ? html` data-on-success="${onSuccess}"`
      : 'redirect' in onSuccess
        ? html` data-on-success="redirect" data-redirect="${onSuccess.redirect}"`
        : html` data-on-success="message" data-success-message="${onSuccess.message}"`;
  return html`<form class="api-form" id="${id}" action="${action}" method="post" data-api-form data-method="${method}"${success} novalidate>
    ${renderNeedsScript()}
    ${body}
    ${renderFormStatus()}
    <button class="button ${danger ? 'button-danger' : 'button-primary'}" type="submit" disabled data-needs-script>${submitLabel}</button>
  </form>`;
}
