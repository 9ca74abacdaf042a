/** Account mail only: artsift sends no marketing mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: SMTP when SMTP_URL is set, otherwise the outbox folder. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}
