import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { csvCell, type Cell } from '~/domain/csv-export.ts'
import { localized, type AppLocale } from '~/domain/locale.ts'
import { DESK_COLUMNS, deskColumnKey, formatPhone, type DeskQuery } from '~/domain/registration-desk.ts'
import { translate } from '~/i18n/i18n.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { deskOrderBy, deskWhere, DESK_ROW_SELECT, toDeskRows, type DeskRow } from './list-event-registrations.server.ts'
import { loadDeskProgressScope } from './load-desk-progress.server.ts'

/** Rows fetched per round trip: memory stays flat however large the event. */
const BATCH = 1000

export type DeskExport = { filename: string; body: ReadableStream<Uint8Array> }

/** The filtered list's rows in the desk's order, batch by batch (the page number is ignored). */
async function* deskRows(db: Db, eventId: string, query: DeskQuery, batchSize: number): AsyncGenerator<DeskRow> {
  const where = deskWhere(eventId, query)
  const orderBy = deskOrderBy(query)
  // Cursor paging (after the last row's id, in the same total order): each batch costs the
  // same, where an offset would re-read every earlier row.
  const read = (cursor?: string) => db.registration.findMany({ where, orderBy, take: batchSize, select: DESK_ROW_SELECT, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) })
  const [scope, first] = await Promise.all([loadDeskProgressScope(db, eventId), read()])
  let batch = first
  for (;;) {
    // The next batch is read while this one's minutes, exam and survey state are (for its ids
    // only), so the extra columns' round trip overlaps the next read. Prisma's queries start
    // when observed: the catch starts it and keeps a consumer that stops early from leaving
    // an unhandled rejection.
    const next = batch.length < batchSize ? null : read(batch.at(-1)!.id)
    next?.catch(() => undefined)
    for (const row of await toDeskRows(db, scope, batch)) yield row
    if (!next) return
    batch = await next
  }
}

function headerRow(locale: AppLocale): string[] {
  return DESK_COLUMNS.map((c) => translate(locale, deskColumnKey(c)))
}

function cells(row: DeskRow, locale: AppLocale): Cell[] {
  const yesNo = (v: boolean) => translate(locale, v ? 'desk.yes' : 'desk.no')
  return [
    row.realName,
    row.institution ?? '',
    row.title ?? '',
    row.email,
    row.phone ? formatPhone(row.phone) : '',
    localized(locale, row.ticketZh, row.ticketEn),
    translate(locale, `desk.tier.${row.tier}`),
    translate(locale, `desk.status.${row.status}`),
    translate(locale, `desk.payment.${row.payment}`),
    yesNo(row.checkedIn),
    yesNo(row.certificate),
    row.minutes,
    progressText(locale, 'exam', row.exam.state, row.exam.passed, row.exam.total),
    progressText(locale, 'survey', row.survey.state, row.survey.completed, row.survey.total),
    translate(locale, `payments.fapiao.state.${row.fapiao}`),
    row.createdAt.toISOString(),
    row.id,
  ]
}

/** "Passed", or "Not started (1/2)" when several exams or surveys count and not all are done. */
export function progressText(locale: AppLocale, kind: 'exam' | 'survey', state: string, done: number, total: number): string {
  const word = translate(locale, `deskRows.${kind}.${state}`)
  return total > 1 && done < total ? `${word} (${done}/${total})` : word
}

async function eventSlug(db: Db, eventId: string): Promise<string> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  return event.slug
}

/** The filtered list as CSV (UTF-8 with BOM, formula cells defused), streamed batch by batch. */
export async function exportEventRegistrationsCsv(db: Db, eventId: string, query: DeskQuery, locale: AppLocale, batchSize = BATCH): Promise<DeskExport> {
  const slug = await eventSlug(db, eventId)
  const encoder = new TextEncoder()
  const line = (values: Cell[]) => values.map(csvCell).join(',') + '\r\n'
  const rows = deskRows(db, eventId, query, batchSize)
  let started = false
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode('\uFEFF' + line(headerRow(locale))))
        return
      }
      try {
        let chunk = ''
        for (let i = 0; i < 200; i++) {
          const next = await rows.next()
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk))
            controller.close()
            return
          }
          chunk += line(cells(next.value, locale))
        }
        controller.enqueue(encoder.encode(chunk))
      } catch (error) {
        logger.error({ err: error, eventId }, 'registration export failed')
        controller.error(error)
      }
    },
    async cancel() {
      await rows.return(undefined)
    },
  })
  return { filename: `registrations-${slug}.csv`, body }
}

/** The same as an XLSX workbook, written with exceljs's streaming writer (rows are committed as they come). */
export async function exportEventRegistrationsXlsx(db: Db, eventId: string, query: DeskQuery, locale: AppLocale, batchSize = BATCH): Promise<DeskExport> {
  const slug = await eventSlug(db, eventId)
  const out = new PassThrough()
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  book.creator = 'cme-forum'
  const sheet = book.addWorksheet(translate(locale, 'desk.sheet'))
  void (async () => {
    sheet.addRow(headerRow(locale)).commit()
    let n = 0
    for await (const row of deskRows(db, eventId, query, batchSize)) {
      sheet.addRow(cells(row, locale)).commit()
      // Back-pressure: wait for a slow download rather than buffering the workbook in memory.
      if (++n % 500 === 0 && out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')])
      if (out.destroyed) return
    }
    sheet.commit()
    await book.commit()
  })().catch((error: unknown) => {
    logger.error({ err: error, eventId }, 'registration export failed')
    out.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  return { filename: `registrations-${slug}.xlsx`, body: Readable.toWeb(out) as ReadableStream<Uint8Array> }
}
