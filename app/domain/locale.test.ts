import { describe, expect, test } from 'vitest'
import { fromDbLocale, localized, resolveLocale, toDbLocale, type AppLocale } from './locale.ts'

describe('resolveLocale', () => {
  const table: [string, string | undefined, string | undefined, AppLocale][] = [
    ['defaults to Chinese with nothing to go on', undefined, undefined, 'zh-CN'],
    ['honours an explicit English cookie over the browser', 'en', 'zh-CN,zh;q=0.9', 'en'],
    ['honours an explicit Chinese cookie over the browser', 'zh-CN', 'en-US', 'zh-CN'],
    ['ignores an unsupported cookie value', 'fr', 'en-GB', 'en'],
    ['maps en-US to English', undefined, 'en-US,en;q=0.9', 'en'],
    ['maps zh-TW to Chinese', undefined, 'zh-TW', 'zh-CN'],
    ['picks the highest quality supported language', undefined, 'fr;q=1, en;q=0.5, zh;q=0.8', 'zh-CN'],
    ['skips languages with q=0', undefined, 'en;q=0, zh;q=0.1', 'zh-CN'],
    ['keeps header order on equal quality', undefined, 'en, zh', 'en'],
    ['falls back to Chinese for unsupported browsers', undefined, 'de-DE, fr', 'zh-CN'],
    ['survives garbage', undefined, ';;;,q=abc', 'zh-CN'],
  ]
  test.each(table)('%s', (_name, cookie, header, expected) => {
    expect(resolveLocale(cookie, header)).toBe(expected)
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
