/** Names of credit schemes and project levels as printed on certificates and transcripts. */
export const SCHEME_LABELS = {
  CN_CME_CLASS_I: { zh: 'Ⅰ类学分', en: 'China CME Class I credit' },
  CN_CME_CLASS_II: { zh: 'Ⅱ类学分', en: 'China CME Class II credit' },
  AMA_PRA_CAT1: { zh: 'AMA PRA 1类学分', en: 'AMA PRA Category 1 Credit™' },
  CUSTOM: { zh: '学分', en: 'Credit' },
} as const

export const LEVEL_LABELS = {
  NATIONAL: { zh: '国家级', en: 'national' },
  PROVINCIAL: { zh: '省级', en: 'provincial' },
  MUNICIPAL: { zh: '市级', en: 'municipal' },
} as const

/** "2027年3月1日–3日" and "1–3 March 2027" style ranges, in the event's time zone. */
export function formatDateRange(start: Date, end: Date, timeZone: string): { zh: string; en: string } {
  const zh = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' })
  const en = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'long', day: 'numeric' })
  const a = zh.format(start)
  const b = zh.format(end)
  return a === b ? { zh: a, en: en.format(start) } : { zh: `${a} – ${b}`, en: `${en.format(start)} – ${en.format(end)}` }
}
