import type { TakedownAgent } from '../../src/takedowns/compose-takedowns.ts';
import { html } from '../html.ts';
import { renderConfirmLinkPage } from './confirm-link-page.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { renderAttestation, renderTextArea } from './takedown-form-fields.ts';

/** /dmca: the designated agent, the notice form (every §512(c)(3) element) and the counter-notice form. */
export function renderDmcaPage({ agent, prefillArtworkId }: { agent: TakedownAgent; prefillArtworkId: string | null }): string {
  return renderLayout({
    title: 'Report or request removal — artsift',
    page: 'dmca',
    main: html`<section class="auth-card takedown-card">
  <h1 class="auth-title">Report or request removal</h1>
  <p>artsift indexes artwork other people posted publicly and links back to it. If an indexed item infringes your copyright, send a notice below (17 U.S.C. §512(d)). If you posted the work yourself, you can <a href="/creator">remove it and opt out</a> without a legal notice.</p>
  <h2>Designated agent</h2>
  ${
    agent.email || agent.address
      ? html`<address class="takedown-agent">${agent.name}${agent.address ? html`<br>${agent.address}` : ''}${agent.email ? html`<br><a href="mailto:${agent.email}">${agent.email}</a>` : ''}${agent.phone ? html`<br>${agent.phone}` : ''}</address>`
      : html`<p class="notice takedown-agent-missing">This site's operator has not configured a designated agent's contact details yet (DMCA_AGENT_EMAIL, DMCA_AGENT_ADDRESS). Notices sent with the form below still reach the operator's review queue.</p>`
  }
  <h2 id="notice">Copyright notice</h2>
  ${renderApiForm({
    id: 'takedown-notice-form',
    action: '/api/takedowns',
    onSuccess: 'event',
    submitLabel: 'Send notice',
    body: html`${renderField({ name: 'claimantName', label: 'Your full name', autocomplete: 'name', required: true })}
    ${renderField({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true, hint: 'We send a confirmation link here; the notice is reviewed once you confirm it.' })}
    ${renderField({ name: 'address', label: 'Postal address (optional)', autocomplete: 'street-address' })}
    ${renderField({ name: 'phone', label: 'Phone (optional)', autocomplete: 'tel' })}
    ${renderTextArea({ name: 'copyrightedWork', label: 'The copyrighted work', hint: 'Describe it, or link to where it is published.' })}
    ${renderTextArea({ name: 'items', label: 'Artwork pages to remove', hint: 'One artsift page address (…/a/123) or id per line.', value: prefillArtworkId ?? '' })}
    ${renderAttestation({ name: 'goodFaith', label: 'I have a good faith belief that use of the material in the manner complained of is not authorised by the copyright owner, its agent, or the law.' })}
    ${renderAttestation({ name: 'accurateUnderPenaltyOfPerjury', label: 'The information in this notice is accurate, and under penalty of perjury, I am the owner, or authorised to act on behalf of the owner, of an exclusive right that is allegedly infringed.' })}
    ${renderField({ name: 'signature', label: 'Signature (type your full name)', required: true })}`,
  })}
  <p class="takedown-receipt" id="takedown-receipt" role="status" hidden></p>
  <h2 id="counter-notice">Counter-notice</h2>
  <p>If your post was removed by mistake or misidentification, you may answer (17 U.S.C. §512(g)(3)). We forward it to the claimant and restore the item after 10 business days unless they tell us they have gone to court.</p>
  ${renderApiForm({
    id: 'counter-notice-form',
    action: '/api/takedowns/counter-notices',
    onSuccess: { message: 'Almost done: open the link we emailed you to confirm your counter-notice. It is sent to the claimant only then.' },
    submitLabel: 'Send counter-notice',
    body: html`${renderField({ name: 'artworkId', id: 'counter-artworkId', label: 'Removed artwork id', required: true, value: prefillArtworkId ?? undefined })}
    ${renderField({ name: 'name', id: 'counter-name', label: 'Your full name', autocomplete: 'name', required: true })}
    ${renderField({ name: 'email', id: 'counter-email', label: 'Email', type: 'email', autocomplete: 'email', required: true })}
    ${renderField({ name: 'address', id: 'counter-address', label: 'Postal address', autocomplete: 'street-address', required: true })}
    ${renderField({ name: 'phone', id: 'counter-phone', label: 'Phone (optional)', autocomplete: 'tel' })}
    ${renderTextArea({ name: 'statement', id: 'counter-statement', label: 'Why the removal was a mistake' })}
    ${renderAttestation({ name: 'mistakeUnderPenaltyOfPerjury', id: 'counter-mistake', label: 'Under penalty of perjury, I have a good faith belief the material was removed as a result of mistake or misidentification.' })}
    ${renderAttestation({ name: 'consentToJurisdiction', id: 'counter-consent', label: 'I consent to the jurisdiction of the Federal District Court for my address (or, outside the US, any district where artsift may be found), and will accept service of process from the claimant.' })}
    ${renderField({ name: 'signature', id: 'counter-signature', label: 'Signature (type your full name)', required: true })}`,
  })}
  <p><a href="/transparency">Transparency report</a></p>
</section>`,
  });
}

/** The page the confirmation mail links to: one button, so mail scanners fetching the link confirm nothing. */
export function renderNoticeConfirmPage({ token }: { token: string | null }): string {
  return renderConfirmLinkPage({
    what: 'notice',
    formId: 'takedown-confirm-form',
    action: '/api/takedowns/confirm',
    successMessage: 'Confirmed: your notice is waiting for review. We will email you the decision.',
    token,
  });
}
