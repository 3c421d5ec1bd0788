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
  return instance
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
