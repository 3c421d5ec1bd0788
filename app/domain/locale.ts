/** The two languages of the platform. Chinese is the default. */
export const LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * Chinese unless the user chose English with the language switch (a cookie). The
 * browser's Accept-Language is deliberately not consulted: the platform serves a
 * Chinese association, and a borrowed English-language browser at a branch venue
 * should still show the Chinese programme first.
 */
export function resolveLocale(cookieValue: unknown): AppLocale {
  return isLocale(cookieValue) ? cookieValue : DEFAULT_LOCALE
}

/** Picks the text for the locale from a `xxxZh`/`xxxEn` pair, falling back to the other language when empty. */
export function localized(locale: AppLocale, zh: string, en: string): string {
  if (locale === 'en') return en || zh
  return zh || en
}

/** The Prisma enum value for a locale, and back. */
export function toDbLocale(locale: AppLocale): 'zh_CN' | 'en' {
  return locale === 'zh-CN' ? 'zh_CN' : 'en'
}
export function fromDbLocale(value: 'zh_CN' | 'en'): AppLocale {
  return value === 'zh_CN' ? 'zh-CN' : 'en'
}

/** Names in a list: "王辰、张强" in Chinese, "Wang Chen, Zhang Qiang" in English. */
export function joinList(locale: AppLocale, items: readonly string[]): string {
  return items.join(locale === 'en' ? ', ' : '、')
}

/** A label before its value: "主持：王辰" in Chinese (full-width colon), "Chair: Wang Chen" in English. */
export function labelled(locale: AppLocale, label: string, value: string): string {
  return locale === 'en' ? `${label}: ${value}` : `${label}：${value}`
}

/** The separator between a label and its value: "：" in Chinese, ": " in English. */
export function labelSeparator(locale: AppLocale): string {
  return locale === 'en' ? ': ' : '：'
}

/** A remark in brackets after a text: "（选填）" in Chinese (full-width, no space), " (optional)" in English. */
export function bracketed(locale: AppLocale, text: string): string {
  return locale === 'en' ? ` (${text})` : `（${text}）`
}
