import type { ModelInfo } from '../../src/generation/models/model-catalogue.ts';
import { NEGATIVE_PROMPT_MAX_CHARS, PROMPT_MAX_CHARS } from '../../src/generation/generation-input.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderFormStatus } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { firstWords } from './text.ts';

export interface GeneratePrefill {
  prompt: string;
  negativePrompt: string | null;
  artwork: { id: string; prompt: string } | null;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

const ASPECTS = [
  ['square', 'Square'],
  ['portrait', 'Portrait'],
  ['landscape', 'Landscape'],
] as const;

function modelOption(model: ModelInfo, index: number): SafeHtml {
  const cost = model.costCredits.square === model.costCredits.portrait && model.costCredits.square === model.costCredits.landscape ? `${model.costCredits.square}` : `${model.costCredits.square}–${Math.max(model.costCredits.portrait, model.costCredits.landscape)}`;
  // The built-in renderer draws shapes from the prompt's hash: say so, so nobody mistakes it for a model.
  const offline = model.offline ? ' — built-in offline renderer, no AI' : '';
  return html`<option value="${model.id}" data-offline="${model.offline ? 'true' : 'false'}"${index === 0 ? html` selected` : ''}>${model.label}${offline} (${cost} ${cost === '1' ? 'credit' : 'credits'})</option>`;
}

/**
 * The generate form: the whole of /generate, and (fetched by web/static/generate-dialog.js) the
 * dialog on the artwork page. web/static/generate-form.js submits it and follows the job.
 */
export interface GenerateFormView {
  models: ModelInfo[];
  prefill: GeneratePrefill;
  referenceImageMaxBytes: number;
}

export function renderGenerateForm({ models, prefill, referenceImageMaxBytes }: GenerateFormView): SafeHtml {
  return html`<form class="generate-form" id="generate-form" data-generate-form novalidate>
    ${prefill.artwork ? html`<input type="hidden" name="artworkId" value="${prefill.artwork.id}"><p class="lineage">From artwork <a href="/a/${prefill.artwork.id}">${firstWords(prefill.artwork.prompt) || `#${prefill.artwork.id}`}</a></p>` : ''}
    <div class="field">
      <label for="generate-prompt">Prompt</label>
      <textarea id="generate-prompt" name="prompt" rows="5" maxlength="${String(PROMPT_MAX_CHARS)}" required aria-describedby="generate-prompt-error">${prefill.prompt}</textarea>
      <p class="field-error" id="generate-prompt-error" data-error-for="prompt" hidden></p>
    </div>
    <details class="field"${prefill.negativePrompt ? html` open` : ''}>
      <summary>Negative prompt</summary>
      <label class="visually-hidden" for="generate-negative">Negative prompt</label>
      <textarea id="generate-negative" name="negativePrompt" rows="2" maxlength="${String(NEGATIVE_PROMPT_MAX_CHARS)}" aria-describedby="generate-negative-error">${prefill.negativePrompt ?? ''}</textarea>
      <p class="field-error" id="generate-negative-error" data-error-for="negativePrompt" hidden></p>
    </details>
    <div class="field">
      <label for="generate-model">Model</label>
      <select id="generate-model" name="model" aria-describedby="generate-model-error">${models.map(modelOption)}</select>
      <p class="field-error" id="generate-model-error" data-error-for="model" hidden></p>
    </div>
    <fieldset class="field aspect-choice">
      <legend>Aspect ratio</legend>
      ${ASPECTS.map(([value, label], index) => html`<label><input type="radio" name="aspect" value="${value}"${index === 0 ? html` checked` : ''}> ${label}</label>`)}
    </fieldset>
    <div class="field">
      <label for="generate-seed">Seed <span class="field-hint">(optional; empty picks one)</span></label>
      <input id="generate-seed" name="seed" type="number" min="0" max="4294967295" step="1" inputmode="numeric" aria-describedby="generate-seed-error">
      <p class="field-error" id="generate-seed-error" data-error-for="seed" hidden></p>
    </div>
    <div class="field">
      <label for="generate-reference">Reference image <span class="field-hint">(optional; PNG, JPEG or WebP up to ${formatMegabytes(referenceImageMaxBytes)})</span></label>
      <input id="generate-reference" name="referenceImage" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="generate-reference-error">
      <p class="field-error" id="generate-reference-error" data-error-for="referenceImage" hidden></p>
    </div>
    ${renderFormStatus()}
    <button class="button button-primary" type="submit">Generate</button>
  </form>
  <section class="generation-progress" data-generation-progress hidden aria-live="polite">
    <p class="generation-state" data-generation-state></p>
    <button class="button" type="button" data-generation-cancel hidden>Cancel</button>
    <a class="button button-primary" data-generation-result hidden href="/gallery">See it in your gallery</a>
  </section>`;
}

/** GET /generate (signed in): the form on a page of its own, prefilled from ?artwork=. */
export function renderGeneratePage(view: GenerateFormView): string {
  return renderLayout({
    title: 'Generate — artsift',
    page: 'generate',
    main: html`<section class="generate-page">
      <h1>Generate an image</h1>
      <p class="lineage">Results go to <a href="/gallery">your gallery</a>, private until you share them.</p>
      ${renderGenerateForm(view)}
    </section>`,
  });
}
