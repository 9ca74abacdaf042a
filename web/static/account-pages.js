import { initAccountSettings } from './account-settings.js';
import { initAdmin } from './admin.js';
import { initApiForms } from './api-forms.js';
import { initSignIn } from './sign-in.js';

/** Sign-in, sign-up, email-link, account and admin pages: loaded only where they are. */
export function initAccountPages(root, page) {
  if (page === 'sign-in') initSignIn(root);
  if (page === 'account') initAccountSettings(root);
  if (page === 'admin') initAdmin(root);
  initApiForms(root);
}
