import { describe, expect, test } from 'vitest'
import { bracketed, fromDbLocale, joinList, labelled, labelSeparator, localized, resolveLocale, toDbLocale, type AppLocale } from './locale.ts'

describe('resolveLocale', () => {
  const table: [string, unknown, AppLocale][] = [
    ['defaults to Chinese with no choice made', undefined, 'zh-CN'],
    ['honours an explicit English choice', 'en', 'en'],
    ['honours an explicit Chinese choice', 'zh-CN', 'zh-CN'],
    ['ignores an unsupported value', 'fr', 'zh-CN'],
    ['ignores a non-string value', 42, 'zh-CN'],
  ]
  test.each(table)('%s', (_name, cookie, expected) => {
    expect(resolveLocale(cookie)).toBe(expected)
  })
})

describe('localized', () => {
  test.each([
    ['zh-CN', '主论坛', 'Main forum', '主论坛'],
    ['en', '主论坛', 'Main forum', 'Main forum'],
    ['en', '主论坛', '', '主论坛'],
    ['zh-CN', '', 'Main forum', 'Main forum'],
  ] as const)('%s of (%s, %s) is %s', (locale, zh, en, expected) => {
    expect(localized(locale, zh, en)).toBe(expected)
  })
})

test('database locale round-trips', () => {
  expect(fromDbLocale(toDbLocale('zh-CN'))).toBe('zh-CN')
  expect(fromDbLocale(toDbLocale('en'))).toBe('en')
})

test.each([
  ['zh-CN', ['王辰', '张强'], '王辰、张强', '主持：王辰、张强'],
  ['en', ['Wang Chen', 'Zhang Qiang'], 'Wang Chen, Zhang Qiang', 'Chair: Wang Chen, Zhang Qiang'],
  ['en', [], '', 'Chair: '],
] as const)('lists and labels in %s: %j', (locale, items, list, label) => {
  expect(joinList(locale, items)).toBe(list)
  expect(labelled(locale, locale === 'en' ? 'Chair' : '主持', joinList(locale, items))).toBe(label)
})

test.each([
  ['zh-CN', ['王辰'], '王辰', '主持：王辰', '电话（选填）'],
  ['zh-CN', ['王辰', '张强', '李红'], '王辰、张强、李红', '主持：王辰、张强、李红', '电话（选填）'],
  ['en', ['Wang Chen'], 'Wang Chen', 'Chair: Wang Chen', 'Phone (optional)'],
  ['en', ['Wang Chen', 'Zhang Qiang', 'Li Hong'], 'Wang Chen, Zhang Qiang, Li Hong', 'Chair: Wang Chen, Zhang Qiang, Li Hong', 'Phone (optional)'],
] as const)('punctuation in %s: %j', (locale, items, list, label, optional) => {
  expect(joinList(locale, items)).toBe(list)
  expect(`${locale === 'en' ? 'Chair' : '主持'}${labelSeparator(locale)}${joinList(locale, items)}`).toBe(label)
  expect(`${locale === 'en' ? 'Phone' : '电话'}${bracketed(locale, locale === 'en' ? 'optional' : '选填')}`).toBe(optional)
})
