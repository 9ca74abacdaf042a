import { thumbHashToDataURL } from './thumbhash.js';

/**
 * Paints each `[data-thumbhash]` element's blurred stand-in behind its image. A tile gets the
 * placeholder as its own background and its image fades in over it; a lone <img> (the
 * artwork preview) carries the placeholder itself until it loads. Without JavaScript the
 * CSS background colour stands in.
 */
export function paintPlaceholders(root) {
  for (const element of root.querySelectorAll('[data-thumbhash]:not([data-painted])')) paint(element);
}

function paint(element) {
  element.dataset.painted = '';
  const image = element instanceof HTMLImageElement ? element : element.querySelector('img');
  const loaded = Boolean(image?.complete && image.naturalWidth > 0);
  // A tile keeps its placeholder even when the image is cached: decoding may still lag a frame.
  if (loaded && image === element) return;
  let url;
  try {
    url = thumbHashToDataURL(element.dataset.thumbhash);
  } catch {
    return;
  }
  element.style.backgroundImage = `url("${url}")`;
  element.classList.add('has-placeholder');
  if (!image || loaded) return;
  if (image !== element) image.classList.add('is-loading');
  const done = () => {
    image.classList.remove('is-loading');
    // Transparent artwork should not show the blur through once it has arrived.
    if (image === element) element.style.backgroundImage = '';
  };
  image.addEventListener('load', done, { once: true });
  image.addEventListener('error', () => image.classList.remove('is-loading'), { once: true });
}
