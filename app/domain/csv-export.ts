/**
 * RFC 4180 CSV, with a UTF-8 byte-order mark so Excel opens Chinese text correctly, and
 * cells that a spreadsheet would run as a formula (= + - @ at the start) defused with a
 * leading apostrophe (OWASP "CSV injection").
 */
export type Cell = string | number | boolean | null | undefined | Date

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  let text = value instanceof Date ? value.toISOString() : String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
