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
 * Text of a CSV as the bank wrote it: UTF-8 (with or without BOM), or GBK/GB18030, which
 * the exports of most Chinese banks' online banking still use.
 */
function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** The rows of a bank statement file, CSV or XLSX (told apart by content, not by name). */
export async function readStatementFile(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.length === 0) throw new AppError('statement_unreadable', 'The file is empty')
  if (bytes.length > STATEMENT_LIMITS.bytes) throw new AppError('payload_too_large', 'A statement may be at most 2 MB')
  if (ZIP.every((b, i) => bytes[i] === b)) {
    const book = new ExcelJS.Workbook()
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer)
    } catch {
      throw new AppError('statement_unreadable', 'The XLSX file cannot be opened')
    }
    const sheet = book.worksheets[0]
    if (!sheet) throw new AppError('statement_unreadable', 'The workbook has no sheet')
    if (sheet.rowCount > STATEMENT_LIMITS.rows + STATEMENT_LIMITS.headerSearchRows) throw new AppError('statement_unreadable', 'The statement has too many rows')
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as ExcelJS.CellValue[]
      rows.push(values.slice(1).map(cellText))
    })
    return rows
  }
  return parseCsv(decodeCsv(bytes))
}
