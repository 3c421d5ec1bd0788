import http from 'node:http'
import net from 'node:net'
import { hash } from '@node-rs/argon2'
import type { Db } from '../../app/utils/db.server.ts'

/**
 * Raw HTTP for the bad-input and body-limit probes: bodies streamed chunk by chunk (with or
 * without a Content-Length), and answers read even when the server closes the connection
 * before the client has finished sending.
 */

export type ProbeResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; sentBytes: number }

export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; stream?: { chunk: Buffer; totalBytes: number } } = {},
): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0
    let answered = false
    let finished = false
    // A connection of its own: one the server closed after refusing a body is never reused.
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      const done = () => {
        if (finished) return
        finished = true
        resolve({ status: res.statusCode!, headers: res.headers, body, sentBytes })
      }
      res.on('end', done)
      res.on('close', done)
      res.on('error', done)
    })
    // Once the server has answered, a reset of the upload is the server refusing to read on.
    req.on('error', (error) => (answered ? undefined : reject(error)))
    if (options.stream) {
      const { chunk, totalBytes } = options.stream
      const sending = () => !answered && !req.destroyed
      const pump = () => {
        while (sending() && sentBytes < totalBytes) {
          sentBytes += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (sending()) req.end()
      }
      pump()
    } else {
      if (options.body !== undefined) sentBytes = Buffer.byteLength(options.body)
      req.end(options.body)
    }
  })
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** A multipart/form-data body and its Content-Type. */
export function multipart(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----cme-probe-${Math.random().toString(36).slice(2)}`
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A user with this role and password, logged in through POST /login; its session cookie. */
export async function logIn(db: Db, baseUrl: string, role: 'ATTENDEE' | 'STAFF', label: string): Promise<string> {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@test.cme-forum.org`
  const password = 'a-long-probe-password-42'
  await db.user.create({ data: { email, passwordHash: await hash(password), realName: label, role } })
  const res = await send(`${baseUrl}/login`, { headers: FORM, body: form({ email, password }) })
  const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('__session='))
  if (res.status !== 302 || !cookie) throw new Error(`log-in failed: ${res.status} ${res.body.slice(0, 300)}`)
  return cookie.split(';')[0]!
}

/**
 * A client that ignores the answer: it writes a POST body of `totalBytes` on a raw socket, as
 * fast as the server takes it, until everything is out or the server closes the connection.
 * What the server answered meanwhile is parsed from what arrived.
 */
export function flood(
  url: string,
  path: string,
  options: { headers: Record<string, string | number>; totalBytes: number; chunked: boolean },
): Promise<{ status: number; body: string; sentBytes: number }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname)
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const frame = options.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk
    let received = ''
    let sentBytes = 0
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (received += d))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body, sentBytes })
    })
    const headers = Object.entries({ host: `${hostname}:${port}`, ...options.headers, ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': options.totalBytes }) })
    socket.write(`POST ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`)
    const pump = () => {
      while (!socket.destroyed && sentBytes < options.totalBytes) {
        sentBytes += chunk.length
        if (!socket.write(frame)) return void socket.once('drain', pump)
      }
      if (socket.destroyed) return
      if (options.chunked) socket.end('0\r\n\r\n')
      else socket.end()
    }
    pump()
  })
}
