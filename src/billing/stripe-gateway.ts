import { createRequire } from 'node:module';
import type Stripe from 'stripe';

// Loaded only when payments are configured: `stripe` is one of the heaviest imports, and an
// unconfigured server (every `npm start` without keys) should not pay for it at each start.
const loadStripe = () => createRequire(import.meta.url)('stripe') as typeof Stripe;

/** What billing needs from Stripe; the only module that imports the `stripe` package. */
export interface StripeGateway {
  createCustomer(input: { accountId: string; email: string }): Promise<string>;
  createCheckoutSession(input: {
    mode: 'payment' | 'subscription';
    priceId: string;
    customerId: string;
    accountId: string;
    metadata: Record<string, string>;
    successUrl: string;
    cancelUrl: string;
  }): Promise<string>;
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<string>;
  /** Verifies the signature over the raw body; throws when it does not match. Returns the parsed JSON. */
  verifyWebhook(rawBody: Buffer, signature: string): unknown;
}

export function createStripeGateway({ secretKey, webhookSecret, apiBaseUrl }: { secretKey: string; webhookSecret: string | undefined; apiBaseUrl: string | undefined }): StripeGateway {
  const base = apiBaseUrl ? new URL(apiBaseUrl) : undefined;
  const StripeClient = loadStripe();
  const stripe = new StripeClient(secretKey, {
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'http:' ? 80 : 443)), protocol: base.protocol === 'http:' ? 'http' : 'https' } : {}),
    maxNetworkRetries: 2,
    telemetry: false,
  });
  return {
    async createCustomer({ accountId, email }) {
      const customer = await stripe.customers.create({ email, metadata: { account_id: accountId } }, { idempotencyKey: `customer-${accountId}` });
      return customer.id;
    },
    async createCheckoutSession(input) {
      const session = await stripe.checkout.sessions.create({
        mode: input.mode,
        line_items: [{ price: input.priceId, quantity: 1 }],
        customer: input.customerId,
        client_reference_id: input.accountId,
        metadata: input.metadata,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      });
      if (!session.url) throw new Error('Stripe answered a Checkout Session without a URL');
      return session.url;
    },
    async createPortalSession({ customerId, returnUrl }) {
      const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return session.url;
    },
    verifyWebhook(rawBody, signature) {
      if (!webhookSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
      // constructEvent checks the signature and the timestamp tolerance, then parses the JSON.
      return stripe.webhooks.constructEvent(rawBody, signature, webhookSecret) as unknown;
    },
  };
}
