/** /sign-in: an admin without a code in the first form is asked for it in a second step. */
export function initSignIn(root) {
  const form = root.querySelector('#sign-in-form');
  const step = root.querySelector('#second-factor-step');
  if (!form || !step) return;
  // The redirect waits until we know whether a second step is needed.
  const next = form.dataset.redirect ?? '/account';
  form.dataset.onSuccess = 'event';
  form.addEventListener('api-form:success', (event) => {
    if (event.detail?.secondFactor !== 'required') return window.location.assign(next);
    form.hidden = true;
    step.hidden = false;
    step.querySelector('input')?.focus();
  });
}
