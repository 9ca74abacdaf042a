/**
 * The generate form (on /generate and in the artwork page's dialog): submits the request as
 * JSON, then follows the job through GET /api/generations/:id/events until it ends.
 */
import { clearErrors, showErrors, showStatus } from './api-forms.js';
import { showCreditBalance, showOutOfCredits } from './credit-balance.js';
import { apiFetch } from './csrf.js';

const STATE_TEXT = {
  queued: 'Waiting in the queue…',
  running: 'Generating…',
  succeeded: 'Done. The image is in your gallery (private until you share it).',
  failed: 'The image could not be generated.',
  canceled: 'Canceled. Nothing was charged.',
};

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function requestBody(form) {
  const data = new FormData(form);
  const body = { prompt: String(data.get('prompt') ?? ''), model: String(data.get('model') ?? ''), aspect: String(data.get('aspect') ?? 'square') };
  const negative = String(data.get('negativePrompt') ?? '').trim();
  if (negative) body.negativePrompt = negative;
  const seed = String(data.get('seed') ?? '').trim();
  if (seed) body.seed = Number(seed);
  const artworkId = data.get('artworkId');
  if (artworkId) body.artworkId = String(artworkId);
  const file = data.get('referenceImage');
  if (file instanceof File && file.size > 0) body.referenceImage = await readAsDataUrl(file);
  return body;
}

function followJob(root, id) {
  const progress = root.querySelector('[data-generation-progress]');
  const state = progress.querySelector('[data-generation-state]');
  const cancel = progress.querySelector('[data-generation-cancel]');
  const result = progress.querySelector('[data-generation-result]');
  progress.hidden = false;
  result.hidden = true;
  cancel.hidden = false;
  state.textContent = STATE_TEXT.queued;
  progress.dataset.status = 'queued';

  const events = new EventSource(`/api/generations/${id}/events`);
  events.addEventListener('status', (event) => {
    const generation = JSON.parse(event.data);
    progress.dataset.status = generation.status;
    state.textContent = generation.status === 'failed' && generation.error ? `${STATE_TEXT.failed} ${generation.error}` : STATE_TEXT[generation.status];
    const ended = ['succeeded', 'failed', 'canceled'].includes(generation.status);
    cancel.hidden = ended;
    result.hidden = generation.status !== 'succeeded';
    if (ended) events.close();
  });
  // The stream ends after the last state; reconnecting would only replay it.
  events.onerror = () => {
    if (['succeeded', 'failed', 'canceled'].includes(progress.dataset.status)) events.close();
  };
  cancel.onclick = async () => {
    cancel.disabled = true;
    const { ok, body } = await apiFetch(`/api/generations/${id}/cancel`);
    cancel.disabled = false;
    if (!ok) state.textContent = body?.error?.message ?? 'Could not cancel.';
  };
}

export function initGenerateForm(root) {
  const form = root.querySelector('[data-generate-form]');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const { ok, status, body } = await apiFetch('/api/generations', { json: await requestBody(form) });
      if (status === 402) {
        showOutOfCredits(form, body?.error?.message);
        return;
      }
      if (!ok) {
        showErrors(form, body?.error, status);
        return;
      }
      showStatus(form, '');
      showCreditBalance(document);
      followJob(root, body.id);
    } catch {
      showStatus(form, 'The request could not be sent. Check your connection and try again.', 'error');
    } finally {
      button.disabled = false;
    }
  });
}
