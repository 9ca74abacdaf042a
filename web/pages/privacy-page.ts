import { html } from '../html.ts';
import { renderLayout } from './layout.ts';

/**
 * /privacy: what artsift keeps about visitors. The "Usage statistics" section describes
 * src/analytics exactly; change both together.
 */
export function renderPrivacyPage({ analyticsRetentionMonths }: { analyticsRetentionMonths: number }): string {
  return renderLayout({
    title: 'Privacy — artsift',
    page: 'privacy',
    main: html`<section class="auth-card privacy-card">
  <h1 class="auth-title">Privacy</h1>
  <p>artsift needs no account to search. When you make one, we keep what the account needs (your email, your settings, your gallery and credits); you can download it all or delete it from your account page.</p>

  <h2 id="usage-statistics">Usage statistics</h2>
  <p>We count how artsift is used, to know what works and what to index next. These statistics hold no personal data:</p>
  <ul>
    <li>We count, per day: visitors, page views by kind of page, searches, searches that found nothing, searches that led to an artwork page, clicks on “Generate with this prompt”, completed generations and sign-ups. Only the daily totals are kept.</li>
    <li>No IP addresses and no user ids are stored for statistics, and no cookie is set or read for them.</li>
    <li>To tell visitors apart within one day (to count each visitor once, and for the rule on queries below), we compute a keyed hash of your IP address and browser user agent. The key is replaced every day and the old one destroyed together with that day's hashes, so the same visitor cannot be recognised from one day to the next, and a hash cannot be traced back to you.</li>
    <li>A search query is stored only when at least 5 different visitors sent the same query (ignoring case and spacing) on the same day. Until then it is held only as keyed hashes that cannot reveal it, and deleted with that day's key. A rare query can never identify anyone.</li>
    <li>To tell a search that led to an artwork, or a click from an artwork page, our pages ask browsers to tell us which of our own pages a visitor came from; no other site is told anything.</li>
    <li>Statistics are kept for ${String(analyticsRetentionMonths)} months, then deleted.</li>
  </ul>

  <h2>Logs and security</h2>
  <p>Logs, rate limits and the security log hold only keyed hashes of IP addresses and email addresses, never the addresses themselves.</p>
</section>`,
  });
}
