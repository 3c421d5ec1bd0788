import { describe, expect, test } from 'vitest'
import type { AppLocale } from '~/domain/locale.ts'
import { createI18n, i18nFor } from './i18n.ts'

type FixedT = (lng: string, ns: string, keyPrefix?: string) => (key: string, options?: Record<string, unknown>) => string

// The t() pages get (getFixedT, as useTranslation calls it) remembers calls without options or
// with flat ones; it must answer exactly what i18next answers, call after call.
describe.each<AppLocale>(['zh-CN', 'en'])('t() of getFixedT in %s answers as i18next does', (locale) => {
  const i18n = createI18n(locale)
  // As react-i18next's useTranslation calls it: (language, namespace, key prefix).
  const fixedT = (lng: string, keyPrefix?: string) => (i18n.getFixedT as unknown as FixedT)(lng, 'translation', keyPrefix)
  test.each<[string, string, Record<string, unknown> | undefined]>([
    ['a plain key', 'event.programme', undefined],
    ['a nested key', 'errors.registration_closed', undefined],
    ['a key that does not exist (i18next answers the key)', 'no.such.key', undefined],
    ['interpolation', 'event.timeZoneNote', { zone: 'Asia/Shanghai, UTC+8' }],
    ['a count', 'event.capacity', { count: 300 }],
    ['a default value', 'no.such.key', { defaultValue: 'fallback' }],
    ['another language asked for', 'event.programme', { lng: locale === 'en' ? 'zh-CN' : 'en' }],
    ['a whole branch of the dictionary (an object, never kept)', 'orgRole', { returnObjects: true }],
    ['an option that is an object (never kept)', 'event.timeZoneNote', { zone: { toString: () => 'UTC+8' } }],
  ])('%s', (_label, key, options) => {
    const t = fixedT(locale)
    const expected = i18n.t(key, options)
    for (let i = 0; i < 3; i++) expect(options ? t(key, options) : t(key)).toEqual(expected)
  })

  test('the same key with other values answers for those values', () => {
    const t = fixedT(locale)
    for (const zone of ['Asia/Shanghai, UTC+8', 'Europe/London, GMT', 'Asia/Shanghai, UTC+8']) {
      expect(t('event.timeZoneNote', { zone })).toBe(i18n.t('event.timeZoneNote', { zone }))
      expect(t('event.timeZoneNote', { zone })).toContain(zone)
    }
    for (const count of [1, 2, 300, 1]) expect(t('event.capacity', { count })).toBe(i18n.t('event.capacity', { count }))
  })

  test('with a key prefix, and per instance: the same key in another language is not mixed up', () => {
    const withPrefix = fixedT(locale, 'event')
    expect(withPrefix('programme')).toBe(i18n.t('event.programme'))
    expect(withPrefix('programme')).toBe(i18n.t('event.programme'))
    const other = i18nFor(locale === 'en' ? 'zh-CN' : 'en')
    expect((other.getFixedT as unknown as FixedT)(other.language, 'translation')('event.programme')).toBe(other.t('event.programme'))
    expect(other.t('event.programme')).not.toBe(i18n.t('event.programme'))
  })

  test('a count after a plain call of the same key is still counted', () => {
    const t = fixedT(locale)
    t('event.capacity')
    expect(t('event.capacity', { count: 2 })).toBe(i18n.t('event.capacity', { count: 2 }))
  })
})
