import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One API call as the stand-in received it: path and the form-encoded body, flattened. */
export interface StripeApiCall {
  method: string;
  path: string;
  form: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeStripeApi {
  url: string;
  calls: StripeApiCall[];
  /** Called when the browser opens a Checkout page; answers where to redirect it. */
  onCheckoutVisit?: (session: { id: string; form: Record<string, string> }) => Promise<string>;
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/**
 * Stands in for api.stripe.com on 127.0.0.1: customers, Checkout Sessions and billing portal
 * sessions, each recorded so tests can check the fields the app sent. Checkout "pages" live at
 * /pay/<session id>: opening one runs onCheckoutVisit (the test sends the signed webhook) and
 * redirects back.
 */
export async function startFakeStripeApi(): Promise<FakeStripeApi> {
  const calls: StripeApiCall[] = [];
  const sessions = new Map<string, Record<string, string>>();
  let counter = 0;
  const api: FakeStripeApi = { url: '', calls, close: async () => {} };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
      const payMatch = /^\/pay\/(cs_test_[0-9]+)$/.exec(path);
      if (req.method === 'GET' && payMatch) {
        const form = sessions.get(payMatch[1]!);
        const location = form && api.onCheckoutVisit ? await api.onCheckoutVisit({ id: payMatch[1]!, form }) : form?.cancel_url;
        res.writeHead(303, { Location: location ?? '/' }).end();
        return;
      }
      const form = await readForm(req);
      calls.push({ method: req.method ?? '', path, form, authorization: req.headers.authorization });
      counter += 1;
      const reply = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && path === '/v1/customers') return reply({ id: `cus_test_${counter}`, object: 'customer' });
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${counter}`;
        sessions.set(id, form);
        return reply({ id, object: 'checkout.session', url: `${api.url}/pay/${id}` });
      }
      if (req.method === 'POST' && path === '/v1/billing_portal/sessions') return reply({ id: `bps_test_${counter}`, object: 'billing_portal.session', url: `${api.url}/portal/${counter}` });
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { type: 'invalid_request_error', message: `stand-in has no ${path}` } }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () => new Promise((resolve) => server.close(() => resolve()));
  return api;
}
