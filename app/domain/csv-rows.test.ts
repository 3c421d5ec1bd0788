import { describe, expect, test } from 'vitest'
import { csvRows } from './csv-rows.ts'

describe('csvRows', () => {
  test.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      '\uFEFF姓名,手机\n张三,13800000000',
      [
        ['姓名', '手机'],
        ['张三', '13800000000'],
      ],
    ],
    ['"x, y","say ""hi"""\n', [['x, y', 'say "hi"']]],
    ['"two\nlines",b\n', [['two\nlines', 'b']]],
    ['a,,c\n\n', [['a', '', 'c'], ['']]],
    ['', []],
  ])('%j', (text, rows) => {
    expect([...csvRows(text)]).toEqual(rows)
  })
})
