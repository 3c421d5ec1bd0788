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
const translators = new Map<AppLocale, i18n>()

export function translate(locale: AppLocale, key: string, options?: Record<string, unknown>): string {
  // One instance per language, reused: building one costs more than the lookup itself.
  let instance = translators.get(locale)
  if (!instance) translators.set(locale, (instance = createI18n(locale)))
  return instance.t(key, options) as string
}
