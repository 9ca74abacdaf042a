import type { toCreditEntryResponse } from '../../src/credits/credit-ledger.service.ts';
import type { CreditReason } from '../../src/credits/credit-tables.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderLayout } from './layout.ts';

type CreditEntry = ReturnType<typeof toCreditEntryResponse>;

export interface CreditsPageData {
  viewer: Viewer;
  balance: number;
  flagged: boolean;
  entries: CreditEntry[];
  nextCursor: string | null;
  offers: { packs: { name: string; credits: number }[]; plans: { name: string; credits: number }[] };
  subscriptions: { id: string; plan: string | null; status: string }[];
  /** ?checkout=success|canceled after Stripe Checkout sends the buyer back. */
  checkout: 'success' | 'canceled' | undefined;
}

const REASON_LABELS: Record<CreditReason, string> = {
  signup_grant: 'Welcome credits',
  generation_reserved: 'Image generation',
  generation_settled: 'Image finished',
  generation_refunded: 'Refund: image not made',
  pack_purchased: 'Credit pack',
  plan_grant: 'Monthly plan',
  payment_refunded: 'Payment refunded',
  payment_disputed: 'Payment disputed',
  admin_adjustment: 'Adjustment',
};

function renderEntry(entry: CreditEntry): SafeHtml {
  return html`<tr>
    <td><time datetime="${entry.createdAt}">${entry.createdAt.slice(0, 16).replace('T', ' ')}</time></td>
    <td>${REASON_LABELS[entry.reason]}${entry.note ? html` <span class="credit-note">(${entry.note})</span>` : ''}</td>
    <td class="credit-amount" data-sign="${entry.amount < 0 ? 'minus' : 'plus'}">${entry.amount > 0 ? `+${entry.amount}` : String(entry.amount)}</td>
  </tr>`;
}

function renderOffers({ offers, subscriptions }: CreditsPageData): SafeHtml {
  const active = subscriptions.some((subscription) => subscription.status === 'active' || subscription.status === 'trialing' || subscription.status === 'past_due');
  return html`<section class="credit-offers" aria-labelledby="buy-heading">
    <h2 id="buy-heading">Buy credits</h2>
    ${offers.packs.length === 0 && offers.plans.length === 0 ? html`<p>Payments are not available on this server.</p>` : ''}
    <ul class="credit-offer-list">
      ${offers.packs.map((pack) => html`<li><button class="button button-primary" type="button" data-checkout-pack="${pack.name}">${pack.credits} credits</button> <span class="credit-offer-name">${pack.name} pack, one-time</span></li>`)}
      ${offers.plans.map((plan) => html`<li><button class="button" type="button" data-checkout-plan="${plan.name}">${plan.credits} credits a month</button> <span class="credit-offer-name">${plan.name} plan</span></li>`)}
    </ul>
    ${active || subscriptions.length > 0 ? html`<p><button class="button" type="button" data-billing-portal>Manage subscription</button></p>` : ''}
    <p class="form-status" role="status" aria-live="polite" hidden></p>
  </section>`;
}

/** /credits: balance, packs and plans, and the ledger history (newest first). */
export function renderCreditsPage(data: CreditsPageData): string {
  const main = html`<section class="credits-page">
    <h1>Credits</h1>
    ${data.checkout === 'success' ? html`<p class="notice" role="status">Thank you! Your credits appear here as soon as Stripe confirms the payment.</p>` : ''}
    ${data.checkout === 'canceled' ? html`<p class="notice" role="status">Checkout was canceled; nothing was charged.</p>` : ''}
    <p class="credit-balance-large">Balance: <strong data-credits-balance>${String(data.balance)}</strong> credits</p>
    ${data.flagged ? html`<p class="notice notice-warning">A refunded or disputed payment could not be fully taken back; contact us before buying again.</p>` : ''}
    ${renderOffers(data)}
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      ${
        data.entries.length === 0
          ? html`<p>No movements yet.</p>`
          : html`<table class="credit-history"><thead><tr><th scope="col">When (UTC)</th><th scope="col">What</th><th scope="col">Credits</th></tr></thead>
        <tbody>${data.entries.map(renderEntry)}</tbody></table>`
      }
      ${data.nextCursor ? html`<p><a href="/credits?cursor=${data.nextCursor}">Older entries</a></p>` : ''}
    </section>
  </section>`;
  return renderLayout({ title: 'Credits · artsift', page: 'credits', main, viewer: data.viewer });
}
