import { createHash } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { countPaidRows, IMPORT_LIMITS, parseImportTable, planImport, type ImportPlan, type ImportRow, type KnownUser } from '~/domain/registration-import.ts'
import { priceFor } from '~/domain/registration.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { csvRows } from '~/domain/csv-rows.ts'
import { decodeCsv } from './read-statement-file.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const ZIP = [0x50, 0x4b, 0x03, 0x04]
/** Keys per lookup query. */
const LOOKUP = 500

export function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A sheet's last line may be this far down: the rows, the header search and some empty lines. */
const MAX_SHEET_ROWS = IMPORT_LIMITS.rows + IMPORT_LIMITS.headerSearchRows + 1000
/** Rows handled between two yields to the event loop, so a 5,000-row list never holds it for long. */
const CHUNK = 200

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  // A phone typed into Excel is a number: 13812345678 must read as its digits.
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue)
    if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue)
    return ''
  }
  return String(value)
}

/** The bytes in 64 KB slices, so the unzipping and parsing downstream work a slice at a time. */
function* slices(bytes: Uint8Array, size = 64 * 1024) {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(size, bytes.length - i))
}

/** RFC 4180 CSV into rows of cells, yielding between chunks of rows. */
async function parseCsv(text: string): Promise<string[][]> {
  const rows: string[][] = []
  for (const row of csvRows(text)) {
    rows.push(row)
    if (rows.length % CHUNK === 0) await yieldToEventLoop()
  }
  return rows
}

/**
 * The cells of an uploaded list, XLSX or CSV (told apart by content, not by name); row i of
 * the answer is line i + 1 of the file, empty rows included, so a bad row's line is the one a
 * spreadsheet shows.
 */
export async function readRegistrationList(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.length === 0) throw new AppError('import_unreadable', 'The file is empty', { problem: 'empty' })
  if (bytes.length > IMPORT_LIMITS.bytes) throw new AppError('payload_too_large', 'A list may be at most 3 MB')
  if (!ZIP.every((b, i) => bytes[i] === b)) return parseCsv(decodeCsv(bytes))
  // The streaming reader: the file is unzipped and parsed a slice at a time, and the rows come one
  // by one, so a 5,000-row list never holds the event loop the way Workbook.xlsx.load does (≈0.5 s).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(slices(bytes)), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' })
  const rows: string[][] = []
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.number > MAX_SHEET_ROWS) throw new AppError('import_unreadable', 'The list has too many rows', { problem: 'too_many_rows' })
        // Row i of the answer is line i + 1: the reader skips empty rows, so they are filled back in.
        while (rows.length < row.number - 1) rows.push([])
        const values = row.values as ExcelJS.CellValue[]
        rows.push(Array.isArray(values) ? Array.from(values.slice(1), cellText) : [])
        if (rows.length % CHUNK === 0) await yieldToEventLoop()
      }
      break // the first sheet only
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('import_unreadable', 'The XLSX file cannot be opened')
  }
  return rows
}

/** The rows of an uploaded list, or a 422 naming what is wrong with the file as a whole. */
export async function parseRegistrationList(bytes: Uint8Array): Promise<ImportRow[]> {
  const parsed = parseImportTable(await readRegistrationList(bytes))
  if (!parsed.ok) throw new AppError('import_unreadable', `The list cannot be read: ${parsed.problem}`, { problem: parsed.problem })
  return parsed.rows
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * What importing `rows` into the event would do now: the accounts matched by email or phone
 * and the registrations found with one query each (not one per row), then the pure plan.
 */
export async function planRegistrationImport(db: Db | Tx, eventId: string, rows: ImportRow[]): Promise<ImportPlan> {
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))]
  const phones = [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))]
  // One after the other (inside the import's transaction they share one connection), and
  // 500 keys per query: set-based, yet each query is built and read in a short slice of the event loop.
  const tickets = await db.ticketType.findMany({
    where: { eventId },
    select: { id: true, nameZh: true, nameEn: true, quota: true, seatsTaken: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  })
  const users = new Map<string, KnownUser>()
  for (const [field, values] of [
    ['email', emails],
    ['phone', phones],
  ] as const) {
    for (const keys of chunked(values, LOOKUP)) {
      for (const u of await db.user.findMany({ where: { [field]: { in: keys } }, select: { id: true, email: true, phone: true } })) users.set(u.id, u)
      await yieldToEventLoop()
    }
  }
  const usersByEmail = new Map<string, KnownUser>()
  const usersByPhone = new Map<string, KnownUser>()
  for (const u of users.values()) {
    usersByEmail.set(u.email.toLowerCase(), u)
    if (u.phone) usersByPhone.set(u.phone, u)
  }
  const registered = new Set<string>()
  for (const ids of chunked([...users.keys()], LOOKUP)) {
    for (const r of await db.registration.findMany({ where: { eventId, userId: { in: ids } }, select: { userId: true } })) registered.add(r.userId)
    await yieldToEventLoop()
  }
  return planImport(rows, { tickets, usersByEmail, usersByPhone, registeredUserIds: registered })
}

export type ImportPreview = {
  contentHash: string
  fileName: string | null
  plan: ImportPlan
  tickets: { id: string; nameZh: string; nameEn: string }[]
  /**
   * The money side: how many added rows are for paid tickets, and whether they can wait for a
   * transfer (the event's account, and its hold in days) if the hospital has not paid.
   */
  payment: { paidRows: number; transferOffered: boolean; holdDays: number | null }
}

/**
 * An uploaded list read and planned, nothing imported: the preview staff check before they
 * confirm. The rows as read are kept under the file's SHA-256 (RegistrationImport), so the
 * confirmation imports exactly the file that was previewed, planned again against the data as
 * it is then.
 */
export async function previewRegistrationImport(db: Db, input: { eventId: string; bytes: Uint8Array; fileName?: string | null; userId?: string | null }, now = new Date()): Promise<ImportPreview> {
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { id: true, ticketTypes: true, bankAccount: { select: { holdDays: true } } } })
  if (!event) throw new AppError('not_found', 'No such event')
  const rows = await parseRegistrationList(input.bytes)
  const hash = contentHash(input.bytes)
  const fileName = input.fileName?.slice(0, 200) ?? null
  await db.registrationImport.upsert({
    where: { eventId_contentHash: { eventId: input.eventId, contentHash: hash } },
    create: { eventId: input.eventId, contentHash: hash, fileName, rowCount: rows.length, rows, createdById: input.userId ?? null },
    update: {},
  })
  const plan = await planRegistrationImport(db, input.eventId, rows)
  const amounts = new Map(event.ticketTypes.map((t) => [t.id, priceFor(t, 'NON_MEMBER', now).amount]))
  return {
    contentHash: hash,
    fileName,
    plan,
    tickets: event.ticketTypes.map((t) => ({ id: t.id, nameZh: t.nameZh, nameEn: t.nameEn })),
    payment: { paidRows: countPaidRows(plan, amounts), transferOffered: event.bankAccount !== null, holdDays: event.bankAccount?.holdDays ?? null },
  }
}

/** The event as the import page names it. */
export async function getImportEvent(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, titleZh: true, titleEn: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  return event
}
