import type { Request } from 'express';
import type { ErrorBody, ErrorPageRenderer } from '../../src/http/middleware/error-handler.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderLayout } from './layout.ts';

interface ErrorCopy {
  title: string;
  body: SafeHtml;
}

/** Every HTML error goes through here (src/http/middleware/error-handler.ts): say what happened and what to try. */
export const renderErrorPage: ErrorPageRenderer = (req, status, body) => {
  const copy = copyFor(req, status, body);
  return renderLayout({
    title: `${copy.title} — artsift`,
    page: 'error',
    head: html`<meta name="robots" content="noindex">`,
    search: { q: typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '' },
    main: html`<section class="error-page" data-status="${status}">
  <p class="error-status">${status}</p>
  <h1 class="error-title">${copy.title}</h1>
  ${copy.body}
  <p class="error-actions"><a class="button" href="/">Browse artwork</a></p>
</section>`,
  });
};

function copyFor(req: Request, status: number, { error }: ErrorBody): ErrorCopy {
  switch (status) {
    case 400: {
      const issues = error.issues ?? [{ field: error.field ?? 'request', message: error.message }];
      return {
        title: 'That request could not be read',
        body: html`<p>Something in the address isn’t quite right:</p>
  <ul class="error-issues">${issues.map((issue) => html`<li><code>${issue.field}</code> — ${issue.message}</li>`)}</ul>
  <p>Fix it in the address bar, or start again from a fresh search.</p>`,
      };
    }
    case 404:
      return req.path.startsWith('/a/')
        ? {
            title: 'This artwork isn’t here',
            body: html`<p>There is no artwork at this address. The link may be mistyped, or the artwork was taken off the index.</p>`,
          }
        : { title: 'Page not found', body: html`<p>There is nothing at <code>${req.path}</code>. Try searching for what you were after.</p>` };
    case 451:
      return {
        title: 'Removed for legal reasons',
        body: html`<p>This artwork was removed after a legal request, such as a copyright or privacy complaint, so we can no longer show it or its details.</p>
  <p>If you posted it and believe this was a mistake, you can <a href="/dmca${counterNoticeQuery(req.path)}#counter-notice">send a counter-notice</a>.</p>`,
      };
    case 429:
      return { title: 'Too many requests', body: html`<p>${error.message}. Wait a moment and try again.</p>` };
    case 503:
      return {
        title: 'Temporarily unavailable',
        body: html`<p>Part of artsift is not answering right now. Please try again in a minute.</p>${requestId(error.requestId)}`,
      };
    default:
      if (status >= 500) {
        return {
          title: 'Something went wrong on our side',
          body: html`<p>The error has been logged. Please try again in a moment.</p>${requestId(error.requestId)}`,
        };
      }
      return { title: 'That didn’t work', body: html`<p>${error.message}</p>` };
  }
}

function requestId(id: string | undefined): SafeHtml | '' {
  return id ? html`<p class="error-request">If it keeps happening, quote request id <code>${id}</code>.</p>` : '';
}

/** The counter-notice form, prefilled with the removed artwork's id when the path names one. */
function counterNoticeQuery(path: string): string {
  const id = /^\/a\/(\d{1,18})$/.exec(path)?.[1];
  return id ? `?artwork=${id}` : '';
}
