import { expect, test } from 'vitest'
import { metaLocale, metaText, titleMeta } from './meta.ts'

const root = (locale: unknown) => [
  { id: 'root', data: { locale } },
  { id: 'routes/me._index', data: {} },
]

test.each<[string, { id: string; data?: unknown }[], string, string]>([
  ['an English page', root('en'), 'en', 'My registrations'],
  ['a Chinese page', root('zh-CN'), 'zh-CN', '我的报名'],
  ['no root data (an error before the root loader ran)', [{ id: 'root' }], 'zh-CN', '我的报名'],
  ['a language the platform does not have', root('fr'), 'zh-CN', '我的报名'],
  ['no matches at all', [], 'zh-CN', '我的报名'],
])('the tab title follows the page language: %s', (_name, matches, locale, title) => {
  expect(metaLocale(matches)).toBe(locale)
  expect(metaText(matches, '我的报名', 'My registrations')).toBe(title)
  const meta = titleMeta('我的报名', 'My registrations', [{ name: 'robots', content: 'noindex' }])
  expect(meta({ matches, data: undefined, params: {}, location: { pathname: '/me' } } as unknown as Parameters<typeof meta>[0])).toEqual([{ title }, { name: 'robots', content: 'noindex' }])
})

test('an English text left empty falls back to the Chinese one', () => {
  expect(metaText(root('en'), '主论坛', '')).toBe('主论坛')
})
