import { createHash } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import { IMPORT_LIMITS, parseImportTable, planImport, type ImportPlan, type ImportRow, type KnownUser } from '~/domain/registration-import.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const ZIP = [0x50, 0x4b, 0x03, 0x04]
/** Rows handled between two yields to the event loop, so a 5,000-row list never holds it for long. */
const CHUNK = 500

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

/** UTF-8 (with or without BOM), else GB18030: what Excel's "CSV" saves on a Chinese Windows. */
function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** RFC 4180 CSV into rows of cells, yielding between chunks of rows. */
async function parseCsv(text: string): Promise<string[][]> {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else cell += c
    } else if (c === '"' && cell === '') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      if (rows.length % CHUNK === 0) await yieldToEventLoop()
    } else cell += c
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
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
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError('import_unreadable', 'The XLSX file cannot be opened')
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw new AppError('import_unreadable', 'The workbook has no sheet')
  if (sheet.rowCount > IMPORT_LIMITS.rows + IMPORT_LIMITS.headerSearchRows + 1000) throw new AppError('import_unreadable', 'The list has too many rows', { problem: 'too_many_rows' })
  const rows: string[][] = []
  for (let n = 1; n <= sheet.rowCount; n++) {
    const values = sheet.getRow(n).values as ExcelJS.CellValue[]
    rows.push(Array.isArray(values) ? Array.from(values.slice(1), cellText) : [])
    if (n % CHUNK === 0) await yieldToEventLoop()
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
  // One after the other: inside the import's transaction they share one connection.
  const tickets = await db.ticketType.findMany({
    where: { eventId },
    select: { id: true, nameZh: true, nameEn: true, quota: true, seatsTaken: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  })
  const users =
    emails.length + phones.length === 0 ? [] : await db.user.findMany({ where: { OR: [{ email: { in: emails } }, { phone: { in: phones } }] }, select: { id: true, email: true, phone: true } })
  const usersByEmail = new Map<string, KnownUser>()
  const usersByPhone = new Map<string, KnownUser>()
  for (const u of users) {
    usersByEmail.set(u.email.toLowerCase(), u)
    if (u.phone) usersByPhone.set(u.phone, u)
  }
  const registered = users.length === 0 ? [] : await db.registration.findMany({ where: { eventId, userId: { in: users.map((u) => u.id) } }, select: { userId: true } })
  await yieldToEventLoop()
  return planImport(rows, { tickets, usersByEmail, usersByPhone, registeredUserIds: new Set(registered.map((r) => r.userId)) })
}

export type ImportPreview = {
  contentHash: string
  fileName: string | null
  plan: ImportPlan
  tickets: { id: string; nameZh: string; nameEn: string }[]
}

/**
 * An uploaded list read and planned, nothing imported: the preview staff check before they
 * confirm. The rows as read are kept under the file's SHA-256 (RegistrationImport), so the
 * confirmation imports exactly the file that was previewed, planned again against the data as
 * it is then.
 */
export async function previewRegistrationImport(db: Db, input: { eventId: string; bytes: Uint8Array; fileName?: string | null; userId?: string | null }): Promise<ImportPreview> {
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { id: true, ticketTypes: { select: { id: true, nameZh: true, nameEn: true } } } })
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
  return { contentHash: hash, fileName, plan, tickets: event.ticketTypes }
}

/** The event as the import page names it. */
export async function getImportEvent(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, titleZh: true, titleEn: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  return event
}
