/**
 * Arrow keys move focus between tiles by where they are on screen (masonry columns are not
 * rows, so DOM order is no guide); Enter opens the focused tile as any link does.
 * ArrowDown in the search box jumps to the first result.
 */
const DIRECTIONS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function initGridKeys(grid, searchInput) {
  grid.addEventListener('keydown', (event) => {
    const direction = DIRECTIONS[event.key];
    const from = event.target.closest?.('.tile');
    if (!direction || !from || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const to = nearestTile(grid, from, direction);
    event.preventDefault();
    if (to) focusTile(to);
    else if (event.key === 'ArrowUp' && searchInput) searchInput.focus();
  });
  searchInput?.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const first = grid.querySelector('.tile');
    if (!first) return;
    event.preventDefault();
    focusTile(first);
  });
}

/** A tile is focused through its link to the artwork page. */
function focusTile(tile) {
  tile.querySelector('.tile-link')?.focus();
}

function nearestTile(grid, from, [dx, dy]) {
  const origin = centre(from);
  let best = null;
  let bestScore = Infinity;
  for (const tile of grid.querySelectorAll(':scope > .tile')) {
    if (tile === from) continue;
    const point = centre(tile);
    const along = dx ? (point.x - origin.x) * dx : (point.y - origin.y) * dy;
    const across = dx ? Math.abs(point.y - origin.y) : Math.abs(point.x - origin.x);
    if (along <= 1) continue;
    // Horizontal moves go to the next column first, then the closest tile in it;
    // vertical moves stay in the same column when they can.
    const score = dx ? along * 1000 + across : across * 1000 + along;
    if (score < bestScore) {
      bestScore = score;
      best = tile;
    }
  }
  return best;
}

function centre(element) {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}
