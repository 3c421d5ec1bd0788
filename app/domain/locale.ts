/** The two languages of the platform. Chinese is the default. */
export const LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * An explicit choice (cookie) wins; otherwise the first Accept-Language entry we
 * support by quality; otherwise Chinese.
 */
export function resolveLocale(cookieValue: string | undefined | null, acceptLanguage: string | undefined | null): AppLocale {
  if (isLocale(cookieValue)) return cookieValue
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';')
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
        const quality = q ? Number(q.slice(2)) : 1
        return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index }
      })
      .filter((e) => e.tag && e.quality > 0)
      .sort((a, b) => b.quality - a.quality || a.index - b.index)
    for (const { tag } of ranked) {
      if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
      if (tag === 'en' || tag.startsWith('en-')) return 'en'
    }
  }
  return DEFAULT_LOCALE
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
