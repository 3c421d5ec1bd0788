import { once } from 'node:events'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'

/** A mail as the SMTP server received it: the envelope, and the headers and text part decoded. */
export type ReceivedMail = {
  from: string
  to: string[]
  subject: string
  text: string
  messageId: string | null
  /** When the SMTP server accepted it (ISO), for tests that compare orders. */
  receivedAt: string
}

export type SmtpSink = { url: string; close: () => Promise<void> }

/**
 * A real SMTP server on a free loopback port that hands each message it accepts to `onMail`.
 * No TLS and no authentication: the app's nodemailer talks to it as to any relay.
 */
export async function startSmtpSink(onMail: (mail: ReceivedMail) => void | Promise<void>): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A reverse DNS lookup of 127.0.0.1 on each connection costs more than the mail itself.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parseMail(raw),
          receivedAt: new Date().toISOString(),
        }
        Promise.resolve(onMail(mail)).then(
          () => callback(),
          (error: Error) => callback(error),
        )
      })
    },
  })
  // A client that goes away mid-connection (the app's pooled transport when its process stops)
  // is an 'error' of the server; unheard, it would end the test run after its tests passed.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.warn('smtp sink:', error)
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const { port } = server.server.address() as AddressInfo
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/**
 * A loopback SMTP server that keeps every message as a JSON file (ReceivedMail) in `dir`, so
 * test files in other processes can read what the app sent (see readMailbox / waitForMail).
 * Each file is written under a temporary name and renamed: a reader never sees half a mail.
 */
export async function startSmtpMailbox(dir: string): Promise<SmtpSink> {
  await mkdir(dir, { recursive: true })
  let seq = 0
  return startSmtpSink(async (mail) => {
    // The recipients are in the name, so a reader waiting for one person's mail opens only theirs.
    const name = `${Date.now()}-${String(seq++).padStart(6, '0')}--${mail.to.map(addressKey).join('+').slice(0, 200)}.json`
    await writeFile(path.join(dir, `.${name}.tmp`), JSON.stringify(mail))
    await rename(path.join(dir, `.${name}.tmp`), path.join(dir, name))
  })
}

const addressKey = (address: string) => encodeURIComponent(address.toLowerCase())

/** Every mail in the mailbox folder to `to` (all of them without it), in the order received. */
export async function readMailbox(dir: string, to?: string): Promise<ReceivedMail[]> {
  const key = to === undefined ? null : addressKey(to)
  const names = (await readdir(dir))
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .filter(
      (n) =>
        key === null ||
        n
          .slice(n.indexOf('--') + 2, -'.json'.length)
          .split('+')
          .includes(key),
    )
    .sort()
  const mails = await Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8')) as ReceivedMail))
  return to === undefined ? mails : mails.filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()))
}

/**
 * Waits until the mailbox holds a mail to `to` that `matches` (the newest such), and returns
 * it. The app delivers from its queue every fraction of a second in the browser tests.
 */
export async function waitForMail(dir: string, to: string, matches: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = (await readMailbox(dir, to)).filter(matches).at(-1)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`no mail to ${to} reached the SMTP server in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Subject, text part and Message-ID of a raw message as nodemailer writes it (MIME, RFC 2047). */
export function parseMail(raw: string): { subject: string; text: string; messageId: string | null } {
  const [head = '', ...rest] = raw.split('\r\n\r\n')
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ')
  const headers = unfolded.split('\r\n')
  const header = (name: string) =>
    headers
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}: `))
      ?.slice(name.length + 2)
      .trim() ?? null
  return { subject: decodeWords(header('Subject') ?? ''), text: textPart(unfolded, rest.join('\r\n\r\n')), messageId: header('Message-ID') }
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=); the space between two of them is not text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  const soft = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

function decodeBody(headers: string, body: string): string {
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase()
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body
  return text.replace(/\r\n/g, '\n')
}

/** The decoded text/plain part: the whole body of a single-part message, else the multipart's text part. */
function textPart(head: string, body: string): string {
  const boundary = /^Content-Type: multipart\/[^;]+;.*boundary="?([^";\s]+)"?/im.exec(head)?.[1]
  if (!boundary) return decodeBody(head, body)
  for (const part of body.split(`--${boundary}`)) {
    const [partHead = '', ...partBody] = part.replace(/^\r\n/, '').split('\r\n\r\n')
    if (/^Content-Type: text\/plain/im.test(partHead)) return decodeBody(partHead.replace(/\r\n[ \t]+/g, ' '), partBody.join('\r\n\r\n').replace(/\r\n$/, ''))
  }
  return ''
}
