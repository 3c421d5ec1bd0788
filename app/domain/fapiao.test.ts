import { describe, expect, test } from 'vitest'
import { fapiaoState, isValidInvoiceNumber, pdfProblem } from './fapiao.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const PDF = '%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'

describe('fapiao PDFs', () => {
  test.each([
    ['a whole PDF', bytes(PDF), null],
    ['nothing', new Uint8Array(0), 'empty'],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'not_pdf'],
    ['a PDF cut short', bytes(PDF.slice(0, 30)), 'truncated'],
    ['text that mentions %PDF- later', bytes(` ${PDF}`), 'not_pdf'],
  ])('%s', (_, content, problem) => {
    expect(pdfProblem(content)).toBe(problem)
  })

  test('a PDF over the limit is refused before anything else', () => {
    expect(pdfProblem(bytes(PDF), 10)).toBe('too_large')
    expect(pdfProblem(bytes(PDF), PDF.length)).toBeNull()
  })
})

describe('fapiao numbers', () => {
  test.each([
    ['12345678', true],
    ['26442000000123456789', true],
    ['1234567', false],
    ['123456789', false],
    ['1234567A', false],
    ['', false],
  ])('%j → %s', (value, ok) => {
    expect(isValidInvoiceNumber(value)).toBe(ok)
  })
})

test('the fapiao state of a registration', () => {
  expect(fapiaoState(null)).toBe('none')
  expect(fapiaoState({ status: 'REQUESTED' })).toBe('requested')
  expect(fapiaoState({ status: 'ISSUED' })).toBe('issued')
})
