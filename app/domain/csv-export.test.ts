import { describe, expect, test } from 'vitest'
import { csvCell, toCsv } from './csv-export.ts'

describe('csvCell', () => {
  test.each([
    ['plain', 'plain'],
    ['张三', '张三'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    [null, ''],
    [undefined, ''],
  ] as const)('%j → %s', (value, cell) => expect(csvCell(value)).toBe(cell))

  test('numbers stay numbers, including negative ones', () => {
    expect(csvCell(-3.5)).toBe('-3.5')
    expect(csvCell(42)).toBe('42')
  })

  test('dates are ISO instants', () => expect(csvCell(new Date('2026-08-10T01:00:00Z'))).toBe('2026-08-10T01:00:00.000Z'))
})

test('toCsv starts with a BOM and ends rows with CRLF', () => {
  expect(toCsv(['姓名', '分钟'], [['李明', 42]])).toBe('\uFEFF姓名,分钟\r\n李明,42\r\n')
})
