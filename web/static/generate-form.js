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

const ENDED = ['succeeded', 'failed', 'canceled'];

/**
 * Shows the job's progress right under the button (scrolled into view, in the dialog too), then
 * the finished image in place. Resolves when the job has ended, so the form can take a new one.
 */
function followJob(form, id) {
  const progress = form.querySelector('[data-generation-progress]');
  const state = progress.querySelector('[data-generation-state]');
  const bar = progress.querySelector('[data-generation-bar]');
  const cancel = progress.querySelector('[data-generation-cancel]');
  const result = progress.querySelector('[data-generation-result]');
  const imageLink = progress.querySelector('[data-generation-image]');
  const image = progress.querySelector('[data-generation-preview]');
  progress.hidden = false;
  result.hidden = true;
  imageLink.hidden = true;
  cancel.hidden = false;
  bar.hidden = false;
  progress.dataset.status = 'queued';
  const started = Date.now();
  const describe = (status) => {
    const seconds = Math.round((Date.now() - started) / 1000);
    state.textContent = status === 'running' && seconds > 0 ? `${STATE_TEXT.running} ${seconds} s` : STATE_TEXT[status];
  };
  describe('queued');
  progress.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const ticker = setInterval(() => {
    if (progress.dataset.status === 'running') describe('running');
  }, 1000);

  return new Promise((resolve) => {
    const events = new EventSource(`/api/generations/${id}/events`);
    const end = () => {
      clearInterval(ticker);
      events.close();
      resolve();
    };
    events.addEventListener('status', (event) => {
      const generation = JSON.parse(event.data);
      progress.dataset.status = generation.status;
      if (generation.status === 'failed' && generation.error) state.textContent = `${STATE_TEXT.failed} ${generation.error}`;
      else describe(generation.status);
      const ended = ENDED.includes(generation.status);
      cancel.hidden = ended;
      bar.hidden = ended;
      if (generation.status === 'succeeded' && generation.galleryItemId) showImage(generation.galleryItemId);
      if (ended) end();
    });
    // The stream ends after the last state; reconnecting would only replay it.
    events.onerror = () => {
      if (ENDED.includes(progress.dataset.status)) end();
    };
    cancel.onclick = async () => {
      cancel.disabled = true;
      const { ok, body } = await apiFetch(`/api/generations/${id}/cancel`);
      cancel.disabled = false;
      if (!ok) state.textContent = body?.error?.message ?? 'Could not cancel.';
    };
  });

  function showImage(galleryItemId) {
    image.alt = `Generated: ${String(new FormData(form).get('prompt') ?? '').slice(0, 100)}`;
    image.src = `/api/gallery/${encodeURIComponent(galleryItemId)}/image/preview`;
    imageLink.href = `/api/gallery/${encodeURIComponent(galleryItemId)}/image/preview`;
    image.addEventListener('load', () => progress.scrollIntoView({ block: 'nearest', behavior: 'smooth' }), { once: true });
    imageLink.hidden = false;
    result.hidden = false;
  }
}

/** The price beside the button follows the chosen model and shape. */
function followCost(form) {
  const cost = form.querySelector('[data-generate-cost] strong');
  if (!cost) return;
  const update = () => {
    const option = form.elements.namedItem('model')?.selectedOptions?.[0];
    const aspect = String(new FormData(form).get('aspect') ?? 'square');
    const credits = Number(option?.dataset[`cost${aspect[0].toUpperCase()}${aspect.slice(1)}`]);
    if (Number.isInteger(credits)) cost.textContent = `${credits} ${credits === 1 ? 'credit' : 'credits'}`;
  };
  form.addEventListener('change', update);
  update();
}

export function initGenerateForm(root) {
  const form = root.querySelector('[data-generate-form]');
  if (!form) return;
  followCost(form);
  const button = form.querySelector('[data-generate-submit]');
  const label = button.textContent;
  button.disabled = false;
  // One job at a time: the button stays off from the click until the job has ended.
  const setBusy = (busy) => {
    button.disabled = busy;
    button.textContent = busy ? 'Generating…' : label;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    clearErrors(form);
    setBusy(true);
    let job = null;
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
      job = followJob(form, body.id);
    } catch {
      showStatus(form, 'The request could not be sent. Check your connection and try again.', 'error');
    } finally {
      if (job) job.finally(() => setBusy(false));
      else setBusy(false);
    }
  });
}
