import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { attachAttendance } from '../../app/realtime/attendance.server.ts'
import { LedgerWriter } from '../../app/services/attendance/ledger-writer.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

// The namespace reads the login cookie with the process-wide client, as routes do.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
const writer = new LedgerWriter(db, { flushMs: 100, maxBatch: 500 })
let server: http.Server
let url = ''
let forumId = ''
let registrationId = ''
let cookie = ''
const sockets: Socket[] = []
let n = 0
const nonce = () => `delivery-${Date.now()}-${n++}`

function open(): Socket {
  const socket = connect(`${url}/attendance`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
  sockets.push(socket)
  return socket
}
const ask = (socket: Socket, event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { code: string } }>

beforeAll(async () => {
  const event = await createEvent(db)
  forumId = event.forums[0]!.id
  const ticket = await createTicketType(db, event.id)
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail('hls-viewer'), password: 'password-123', realName: 'HLS viewer', locale: 'zh-CN' })
  cookie = (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]!
  registrationId = (await db.registration.create({ data: { eventId: event.id, userId, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: new Date() } })).id
  server = http.createServer()
  attachAttendance(new Server(server), db, writer.start(), { heartbeatSec: 30, presenceTimeoutSec: 60 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await writer.stop()
  await new Promise((resolve) => server?.close(resolve))
  await db.$disconnect()
})

test('the ledger records which delivery the viewer had on JOIN and HEARTBEAT rows; a row without one stays empty', async () => {
  const socket = open()
  expect(await ask(socket, 'hello', { forumId })).toMatchObject({ ok: true })
  const clientAt = new Date().toISOString()
  for (const m of [{ kind: 'JOIN', delivery: 'HLS' }, { kind: 'HEARTBEAT', delivery: 'HLS' }, { kind: 'HEARTBEAT', delivery: 'WEBRTC' }, { kind: 'LEAVE' }])
    expect(await ask(socket, 'attendance', { ...m, forumId, nonce: nonce(), clientAt })).toMatchObject({ ok: true })
  await writer.flush()
  const rows = await db.attendanceEvent.findMany({ where: { registrationId }, orderBy: { id: 'asc' }, select: { kind: true, delivery: true } })
  expect(rows).toEqual([
    { kind: 'JOIN', delivery: 'HLS' },
    { kind: 'HEARTBEAT', delivery: 'HLS' },
    { kind: 'HEARTBEAT', delivery: 'WEBRTC' },
    { kind: 'LEAVE', delivery: null },
  ])
})

test('a delivery that is not WEBRTC or HLS is refused and nothing is written', async () => {
  const socket = open()
  expect(await ask(socket, 'hello', { forumId })).toMatchObject({ ok: true })
  const before = await db.attendanceEvent.count({ where: { registrationId } })
  const reply = await ask(socket, 'attendance', { kind: 'HEARTBEAT', delivery: 'SATELLITE', forumId, nonce: nonce(), clientAt: new Date().toISOString() })
  expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  await writer.flush()
  expect(await db.attendanceEvent.count({ where: { registrationId } })).toBe(before)
})

test('a row of a registration deleted while it waited is left out; the rest of its batch and later rows are written', async () => {
  const own = new LedgerWriter(db, { flushMs: 100, maxBatch: 500 })
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const { userId } = await signUpConfirmed(db, { email: uniqueEmail('gone'), password: 'password-123', realName: 'Gone', locale: 'zh-CN' })
  const gone = await db.registration.create({ data: { eventId: event.id, userId, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  const row = (registration: string, forum: string) => ({
    registrationId: registration,
    forumId: forum,
    kind: 'HEARTBEAT' as const,
    source: 'LIVE' as const,
    receivedAt: new Date(),
    clientAt: null,
    nonce: nonce(),
  })
  own.append(row(gone.id, event.forums[0]!.id))
  own.append(row(registrationId, forumId))
  // The event (and the registration with it) goes while its row waits for the flush.
  await db.registration.delete({ where: { id: gone.id } })
  await db.event.delete({ where: { id: event.id } })
  await own.flush()
  own.append(row(registrationId, forumId))
  await own.flush()
  expect(own.getStats()).toMatchObject({ written: 2, pending: 0, failures: 0 })
  expect(await db.attendanceEvent.count({ where: { registrationId: gone.id } })).toBe(0)
})
