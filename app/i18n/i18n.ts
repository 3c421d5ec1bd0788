import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, type AppLocale } from '~/domain/locale.ts'
import { resources } from './resources.ts'

/**
 * One i18next instance per render (server) or per page load (browser), initialised
 * synchronously from the bundled dictionaries so server and client markup match.
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

/** Server-side translation for messages that leave through JSON or socket acks. */
export function translate(locale: AppLocale, key: string, options?: Record<string, unknown>): string {
  return createI18n(locale).t(key, options) as string
}
