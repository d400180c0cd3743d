/**
 * The district's SMTP server, from the environment: SWITCHBOARD_SMTP_URL
 * (`smtp://user:password@host:587`, `smtps://...`) or SWITCHBOARD_SMTP_URL_FILE, a file
 * holding that URL that only its owner may read (a file others can read is refused, so a
 * password never sits in a world-readable place). SWITCHBOARD_SMTP_FROM is the sender.
 */
import { readFileSync, statSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailConfig {
  url: string;
  from: string;
}

export class MailConfigError extends Error {}

export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  let url = env.SWITCHBOARD_SMTP_URL;
  const file = env.SWITCHBOARD_SMTP_URL_FILE;
  if (!url && file) {
    const mode = statSync(file).mode;
    if (mode & 0o077) throw new MailConfigError(`${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`);
    url = readFileSync(file, 'utf8').trim();
  }
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) throw new MailConfigError('the SMTP address must start with smtp:// or smtps://');
  return { url, from: env.SWITCHBOARD_SMTP_FROM ?? 'Switchboard <switchboard@localhost>' };
}

export function createTransport(config: MailConfig): Transporter {
  return nodemailer.createTransport(config.url);
}

/**
 * Whether a failed send may succeed later: the server said "try again" (4xx), or it could
 * not be reached. A 5xx answer (unknown mailbox, refused sender) is permanent.
 */
export function isTemporary(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'EDNS'].includes(e.code ?? '');
}
