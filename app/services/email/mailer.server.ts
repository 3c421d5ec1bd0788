import nodemailer, { type Transporter } from 'nodemailer'
import { getEnv } from '~/utils/env.server.ts'

export type MailTransport = Pick<Transporter, 'sendMail'>

let transport: MailTransport | null | undefined

/** The SMTP transport when SMTP_URL is set; null means "keep emails in the outbox". */
export function getMailTransport(): MailTransport | null {
  if (transport !== undefined) return transport
  const url = getEnv().SMTP_URL
  transport = url ? nodemailer.createTransport(url) : null
  return transport
}

export function emailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL)
}
