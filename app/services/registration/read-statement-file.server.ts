import ExcelJS from 'exceljs'
import { parseCsv, STATEMENT_LIMITS } from '~/domain/bank-statement.ts'
import { AppError } from '~/utils/app-error.ts'

const ZIP = [0x50, 0x4b, 0x03, 0x04]

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'number') return String(Math.round(value * 100) / 100)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    return ''
  }
  return String(value)
}

/**
 * Text of an uploaded CSV: UTF-8 (with or without BOM), or GBK/GB18030, which the exports of
 * most Chinese banks' online banking, and Excel's "CSV" on a Chinese Windows, still use.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** The rows of a bank statement file, CSV or XLSX (told apart by content, not by name). */
export async function readStatementFile(bytes: Uint8Array): Promise<string[][]> {
  return readTableFile(bytes, { maxBytes: STATEMENT_LIMITS.bytes, maxRows: STATEMENT_LIMITS.rows + STATEMENT_LIMITS.headerSearchRows, unreadable: 'statement_unreadable' })
}

/**
 * The rows of a CSV (UTF-8 or GBK) or XLSX file, told apart by content, not by name, within a
 * byte and a row limit; an unreadable file is the caller's 4xx code.
 */
export async function readTableFile(bytes: Uint8Array, limits: { maxBytes: number; maxRows: number; unreadable: 'statement_unreadable' | 'member_list_unreadable' }): Promise<string[][]> {
  if (bytes.length === 0) throw new AppError(limits.unreadable, 'The file is empty')
  if (bytes.length > limits.maxBytes) throw new AppError('payload_too_large', `The file may be at most ${limits.maxBytes} bytes`)
  if (ZIP.every((b, i) => bytes[i] === b)) {
    const book = new ExcelJS.Workbook()
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer)
    } catch {
      throw new AppError(limits.unreadable, 'The XLSX file cannot be opened')
    }
    const sheet = book.worksheets[0]
    if (!sheet) throw new AppError(limits.unreadable, 'The workbook has no sheet')
    if (sheet.rowCount > limits.maxRows) throw new AppError(limits.unreadable, 'The file has too many rows')
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as ExcelJS.CellValue[]
      rows.push(values.slice(1).map(cellText))
    })
    return rows
  }
  return parseCsv(decodeCsv(bytes))
}
