/**
 * Email through SMTP with nodemailer. Emails never carry a child's details: only that there is
 * something to see and a link to sign in. Without SMTP_URL, messages go to the log instead.
 */
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  /** Text files sent with the message (e.g. an iCalendar invitation); never a child's details. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  if (!options.smtpUrl) {
    return {
      async send(message) {
        options.logger.info(
          { emailTo: message.to.length, subject: message.subject },
          'email not sent: SMTP_URL is not set',
        );
      },
      close() {},
    };
  }
  // nodemailer (some forty modules) is loaded with the first email, not at every start.
  const smtpUrl = options.smtpUrl;
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  return {
    async send(message) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport(smtpUrl),
      );
      await (await transport).sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      });
    },
    close() {
      if (closed) return;
      closed = true;
      void transport?.then((t) => t.close());
    },
  };
}
