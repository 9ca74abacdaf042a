/** "/" focuses the search box from anywhere that is not itself a text field. */
export function initSlashShortcut(searchInput) {
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.('input, textarea, select, [contenteditable]')) return;
    event.preventDefault();
    searchInput.focus();
    searchInput.select();
  });
}
