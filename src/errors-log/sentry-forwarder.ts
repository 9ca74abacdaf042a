import type { ErrorEvent } from '@sentry/node';
import type { ErrorForwarder } from './error-forwarder.ts';
import { scrubPersonalData } from './scrub.ts';

const FLUSH_TIMEOUT_MS = 2000;

/**
 * A Sentry client of this app's own (no global SDK state, no auto-instrumentation): exceptions
 * only, grouped by our fingerprint, with every data collection of the SDK off and each event
 * scrubbed again before it leaves.
 */
export async function createSentryForwarder({ dsn, release }: { dsn: string; release?: string }): Promise<ErrorForwarder> {
  // Loaded only with SENTRY_DSN set: the SDK costs every process tens of megabytes otherwise.
  const { defaultStackParser, makeNodeTransport, NodeClient, Scope } = await import('@sentry/node');
  const client = new NodeClient({
    dsn,
    ...(release ? { release } : {}),
    transport: makeNodeTransport,
    stackParser: defaultStackParser,
    integrations: [],
    // @sentry/node 11's successor of `sendDefaultPii: false`: no user, cookies, headers, bodies or query strings.
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    sendClientReports: false,
    beforeBreadcrumb: () => null,
    beforeSend: scrubSentryEvent,
  });
  client.init();
  const scope = new Scope();
  scope.setClient(client);
  return {
    capture(error, described, context) {
      const eventScope = scope.clone();
      eventScope.setFingerprint([described.fingerprint]);
      eventScope.setTag('origin', context.origin);
      if (context.route) eventScope.setTag('route', context.route);
      if (context.requestId) eventScope.setTag('request_id', context.requestId);
      eventScope.captureException(error);
    },
    async flush() {
      await client.flush(FLUSH_TIMEOUT_MS);
    },
    async close() {
      await client.close(FLUSH_TIMEOUT_MS);
    },
  };
}

/** Drops what names a person or a machine, and scrubs the texts an error quotes. */
export function scrubSentryEvent(event: ErrorEvent): ErrorEvent {
  delete event.user;
  delete event.request;
  delete event.server_name;
  delete event.breadcrumbs;
  delete event.extra;
  if (typeof event.message === 'string') event.message = scrubPersonalData(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubPersonalData(exception.value);
    for (const frame of exception.stacktrace?.frames ?? []) {
      delete frame.vars;
      if (frame.abs_path) frame.abs_path = scrubPersonalData(frame.abs_path);
      if (frame.filename) frame.filename = scrubPersonalData(frame.filename);
    }
  }
  return event;
}
