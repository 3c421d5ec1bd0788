import nodemailer, { type Transporter } from 'nodemailer'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'

export type MailTransport = Pick<Transporter, 'sendMail'>

let transport: MailTransport | null | undefined

/**
 * The SMTP transport when SMTP_URL is set; null means "keep emails in the outbox". Pooled unless
 * the URL says otherwise (`?pool=false`): the delivery job sends up to 50 mails a pass, and a new
 * connection (and TLS handshake) for each would make a bulk send take several times longer.
 */
export function getMailTransport(): MailTransport | null {
  if (transport !== undefined) return transport
  const url = getEnv().SMTP_URL
  if (!url) return (transport = null)
  const pool = nodemailer.createTransport(pooled(url))
  // A pooled connection that fails between sends is reported here; unheard, the event would end the process.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'SMTP connection failed'))
  transport = pool
  return transport
}

export function pooled(url: string): string {
  if (/[?&]pool=/.test(url)) return url
  return `${url}${url.includes('?') ? '&' : '?'}pool=true`
}

export function emailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL)
}
