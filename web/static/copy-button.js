const CONFIRM_MS = 2000;

/** Buttons with data-copy-target copy that element's text and confirm; hidden without JS. */
export function initCopyButtons(root) {
  for (const button of root.querySelectorAll('[data-copy-target]')) {
    const source = document.getElementById(button.dataset.copyTarget);
    if (!source) continue;
    const status = button.closest('section')?.querySelector('.copy-status');
    const label = button.textContent;
    let timer;
    button.hidden = false;
    button.addEventListener('click', async () => {
      let message;
      try {
        await navigator.clipboard.writeText(source.textContent ?? '');
        button.textContent = 'Copied';
        button.classList.add('is-done');
        message = 'Prompt copied to the clipboard';
      } catch {
        // No clipboard access (insecure origin, denied permission): select it for the user instead.
        getSelection()?.selectAllChildren(source);
        button.textContent = 'Selected';
        message = 'Selected — press Ctrl+C (⌘C) to copy';
      }
      if (status) status.textContent = message;
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = label;
        button.classList.remove('is-done');
        if (status) status.textContent = '';
      }, CONFIRM_MS);
    });
  }
}
