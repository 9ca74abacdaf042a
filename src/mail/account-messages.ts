import type { MailMessage } from './mailer.ts';

/** The text of every mail artsift sends; all of it is about the recipient's own account. */

export function emailVerificationMessage(to: string, link: string): MailMessage {
  return {
    to,
    subject: 'Confirm your email for artsift',
    text: `Welcome to artsift.\n\nConfirm your email address by opening this link (valid for 24 hours):\n\n${link}\n\nIf you did not sign up, ignore this mail: no account is activated without it.\n`,
  };
}

/** Sent instead of a verification mail when someone signs up with an address that has an account. */
export function alreadyRegisteredMessage(to: string, signInLink: string, resetLink: string): MailMessage {
  return {
    to,
    subject: 'You already have an artsift account',
    text: `Someone (probably you) tried to sign up to artsift with this address, which already has an account.\n\nSign in: ${signInLink}\nForgot your password? ${resetLink}\n\nIf it was not you, you can ignore this mail.\n`,
  };
}

export function passwordResetMessage(to: string, link: string): MailMessage {
  return {
    to,
    subject: 'Reset your artsift password',
    text: `Open this link to choose a new password (valid for 1 hour, once):\n\n${link}\n\nIf you did not ask for it, ignore this mail: your password stays as it is.\n`,
  };
}

export function passwordChangedMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Your artsift password was changed',
    text: `The password of your artsift account was just changed and every other session was signed out.\n\nIf this was not you, reset your password at once from the sign-in page.\n`,
  };
}
