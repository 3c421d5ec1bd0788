import type { MetaDescriptor, MetaFunction } from '@remix-run/node'
import { DEFAULT_LOCALE, isLocale, localized, type AppLocale } from '~/domain/locale.ts'

/**
 * Tab titles in the page's language (issue 15: an English page had "报名名单 · Registrations").
 * `meta` has no hooks: the language comes from the root loader's data among the matches.
 */
type Matches = readonly { id: string; data?: unknown }[]

export function metaLocale(matches: Matches): AppLocale {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined)?.locale
  return isLocale(locale) ? locale : DEFAULT_LOCALE
}

/** The text of a `xxxZh`/`xxxEn` pair in the page's language. */
export function metaText(matches: Matches, zh: string, en: string): string {
  return localized(metaLocale(matches), zh, en)
}

/** The meta function of a page with a fixed title, given in both languages. */
export function titleMeta(zh: string, en: string, extra: MetaDescriptor[] = []): MetaFunction {
  return ({ matches }) => [{ title: metaText(matches, zh, en) }, ...extra]
}
