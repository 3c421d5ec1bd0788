import { expect, test } from 'vitest'
import { resources } from './resources.ts'

/** Every string of a dictionary, with its key. */
function entries(obj: object, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v as object, `${prefix}${k}.`)))
}

// Issue 15's walk found "Host：" and "（…）" on English pages: Chinese punctuation belongs to Chinese text only.
const FULL_WIDTH = /[（）：，；。、！？【】《》]/

test('no English string holds full-width (Chinese) punctuation', () => {
  expect(entries(resources.en.translation).filter(([, v]) => FULL_WIDTH.test(v))).toEqual([])
})

test('the check finds a full-width colon or bracket', () => {
  expect(FULL_WIDTH.test('Host：Wang')).toBe(true)
  expect(FULL_WIDTH.test('Live （09:30）')).toBe(true)
  expect(FULL_WIDTH.test('Host: Wang (09:30), and more; done.')).toBe(false)
})
