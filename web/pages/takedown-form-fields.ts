import { html, type SafeHtml } from '../html.ts';

/** A labelled textarea with the same error slot as renderField (web/static/api-forms.js fills it). */
export function renderTextArea({ name, id = `field-${name}`, label, hint, value = '', rows = 4 }: { name: string; id?: string; label: string; hint?: string; value?: string; rows?: number }): SafeHtml {
  const described = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for="${id}">${label}</label>
    ${hint ? html`<p class="field-hint" id="${id}-hint">${hint}</p>` : ''}
    <textarea id="${id}" name="${name}" rows="${rows}" aria-describedby="${described}">${value}</textarea>
    <p class="field-error" id="${id}-error" data-error-for="${name}" hidden></p>
  </div>`;
}

/** A sworn statement: a checkbox the person ticks themselves, with its error slot. */
export function renderAttestation({ name, id = `field-${name}`, label }: { name: string; id?: string; label: string }): SafeHtml {
  return html`<div class="field field-check">
    <label for="${id}"><input id="${id}" name="${name}" type="checkbox" aria-describedby="${id}-error"> ${label}</label>
    <p class="field-error" id="${id}-error" data-error-for="${name}" hidden></p>
  </div>`;
}

/** The takedown pages' own stylesheet, linked only where they are. */
