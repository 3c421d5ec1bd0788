import type { AppLocale } from './locale.ts'

/** Amounts are integers in the currency's smallest unit (fen for CNY, cents for USD). */
export function formatMoney(amount: number, currency: string, locale: AppLocale): string {
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100)
}
