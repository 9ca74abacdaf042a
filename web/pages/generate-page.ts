import type { ModelInfo } from '../../src/generation/models/model-catalogue.ts';
import { NEGATIVE_PROMPT_MAX_CHARS, PROMPT_MAX_CHARS } from '../../src/generation/generation-input.ts';
import type { Aspect } from '../../src/artworks/aspect.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderFormStatus, renderNeedsScript } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { firstWords } from './text.ts';

export interface GeneratePrefill {
  prompt: string;
  negativePrompt: string | null;
  /** From the source artwork's shape and parameters, when it has them. */
  aspect?: Aspect;
  seed?: number | null;
  artwork: { id: string; prompt: string } | null;
}

export const EMPTY_PREFILL: GeneratePrefill = { prompt: '', negativePrompt: null, artwork: null };

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

const ASPECTS = [
  ['square', 'Square'],
  ['portrait', 'Portrait'],
  ['landscape', 'Landscape'],
] as const;

function modelOption(model: ModelInfo, index: number): SafeHtml {
  // The built-in renderer draws shapes from the prompt's hash: say so, so nobody mistakes it for a model.
  const offline = model.offline ? ' — built-in offline renderer, no AI' : '';
  const { square, portrait, landscape } = model.costCredits;
  return html`<option value="${model.id}" data-offline="${model.offline ? 'true' : 'false'}" data-cost-square="${square}" data-cost-portrait="${portrait}" data-cost-landscape="${landscape}"${
    index === 0 ? html` selected` : ''
  }>${model.label}${offline}</option>`;
}

function credits(count: number): string {
  return `${count} ${count === 1 ? 'credit' : 'credits'}`;
}

/** The price beside the button for the preselected model and shape; web/static/generate-form.js follows changes. */
function renderCost(model: ModelInfo | undefined, aspect: Aspect): SafeHtml | '' {
  if (!model) return '';
  return html`<p class="generate-cost" data-generate-cost>Costs <strong>${credits(model.costCredits[aspect])}</strong></p>`;
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
  const aspect = prefill.aspect ?? 'square';
  return html`<form class="generate-form" id="generate-form" data-generate-form novalidate>
    ${renderNeedsScript()}
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
      ${ASPECTS.map(([value, label]) => html`<label><input type="radio" name="aspect" value="${value}"${value === aspect ? html` checked` : ''}> ${label}</label>`)}
    </fieldset>
    <div class="field">
      <label for="generate-seed">Seed <span class="field-hint">(optional; empty picks one)</span></label>
      <input id="generate-seed" name="seed" type="number" min="0" max="4294967295" step="1" inputmode="numeric" aria-describedby="generate-seed-error"${
        prefill.seed === undefined || prefill.seed === null ? '' : html` value="${String(prefill.seed)}"`
      }>
      <p class="field-error" id="generate-seed-error" data-error-for="seed" hidden></p>
    </div>
    <div class="field">
      <label for="generate-reference">Reference image <span class="field-hint">(optional; PNG, JPEG or WebP up to ${formatMegabytes(referenceImageMaxBytes)})</span></label>
      <input id="generate-reference" name="referenceImage" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="generate-reference-error">
      <p class="field-error" id="generate-reference-error" data-error-for="referenceImage" hidden></p>
    </div>
    ${renderFormStatus()}
    <div class="generate-submit">
      <button class="button button-primary" type="submit" data-generate-submit disabled data-needs-script>Generate</button>
      ${renderCost(models[0], aspect)}
    </div>
    <section class="generation-progress" data-generation-progress hidden aria-live="polite" tabindex="-1">
      <p class="generation-state" data-generation-state></p>
      <progress class="generation-bar" data-generation-bar hidden></progress>
      <a class="generation-image" data-generation-image hidden href="/gallery"><img alt="" data-generation-preview></a>
      <div class="generation-actions">
        <button class="button" type="button" data-generation-cancel hidden>Cancel</button>
        <a class="button button-primary" data-generation-result hidden href="/gallery">See it in your gallery</a>
      </div>
    </section>
  </form>`;
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
