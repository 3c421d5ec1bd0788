import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, type AppLocale } from '~/domain/locale.ts'
import { resources } from './resources.ts'

/**
 * A new i18next instance, initialised synchronously from the bundled dictionaries so server
 * and client markup match. Pages use the shared one of their language (i18nFor).
 */
export function createI18n(locale: AppLocale): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  })
  rememberPlainLookups(instance)
  return instance
}

/** Bound on the texts remembered per language, namespace and prefix (the dictionaries hold about 2,000 keys); emptied when full. */
const MAX_REMEMBERED = 20_000

/**
 * `t(key)` and `t(key, { flat options })` remembered per language, namespace and key prefix.
 * i18next does the same work on every call (it copies its whole options object, resolves the
 * language hierarchy, splits the key, interpolates): 20–30 µs a call, and a page makes dozens
 * (issue 16, profile of the signed-in event page). An instance's language and dictionaries
 * never change (`i18nFor`), so the same key with the same options always answers the same
 * text. Options holding anything but strings, numbers and booleans, and answers that are not
 * text, go to i18next every time.
 */
function rememberPlainLookups(instance: i18n) {
  const fixedT = instance.getFixedT.bind(instance) as unknown as (lng?: unknown, ns?: unknown, keyPrefix?: unknown) => ((...args: unknown[]) => unknown) & Record<string, unknown>
  const tables = new Map<string, Map<string, string>>()
  instance.getFixedT = ((lng?: unknown, ns?: unknown, keyPrefix?: unknown) => {
    const t = fixedT(lng, ns, keyPrefix)
    const id = `${String(lng)}|${String(ns)}|${String(keyPrefix)}`
    let table = tables.get(id)
    if (!table) tables.set(id, (table = new Map()))
    const remembered = (key: unknown, ...rest: unknown[]) => {
      const options = rest[0]
      if (typeof key !== 'string' || rest.length > 1 || (options !== undefined && !isFlat(options))) return t(key, ...rest)
      const entry = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`
      const kept = table.get(entry)
      if (kept !== undefined) return kept
      const text = options === undefined ? t(key) : t(key, options)
      if (typeof text === 'string') {
        if (table.size >= MAX_REMEMBERED) table.clear()
        table.set(entry, text)
      }
      return text
    }
    return Object.assign(remembered, { lng: t.lng, lngs: t.lngs, ns: t.ns, keyPrefix: t.keyPrefix })
  }) as unknown as i18n['getFixedT']
}

function isFlat(options: unknown): boolean {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return false
  for (const value of Object.values(options)) {
    const type = typeof value
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'undefined') return false
  }
  return true
}

const shared = new Map<AppLocale, i18n>()

/**
 * The one instance of a language, built on first use and then shared by every render and
 * message of this process. Building one (i18next's init over both dictionaries) cost more
 * than rendering a small page; nothing ever changes an instance's language or resources.
 */
export function i18nFor(locale: AppLocale): i18n {
  let instance = shared.get(locale)
  if (!instance) shared.set(locale, (instance = createI18n(locale)))
  return instance
}

/** Server-side translation for messages that leave through JSON or socket acks. */
export function translate(locale: AppLocale, key: string, options?: Record<string, unknown>): string {
  return i18nFor(locale).t(key, options) as string
}
