/**
 * RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a leading BOM) into rows of cells, one row
 * at a time, so a caller reading a large upload can yield to the event loop between rows.
 */
export function* csvRows(text: string): Generator<string[]> {
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
      yield row
      row = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    yield row
  }
}
