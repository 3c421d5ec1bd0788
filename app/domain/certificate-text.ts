import { LEVEL_LABELS } from './credit-labels.ts'

type Level = keyof typeof LEVEL_LABELS

/** The level marks that Chinese CME project numbers often end with: "2026-04-05-012(国)". */
const LEVEL_MARKS: Record<string, Level> = { 国: 'NATIONAL', 省: 'PROVINCIAL', 市: 'MUNICIPAL' }
const TRAILING_MARK = /\s*[(（]\s*([国省市])\s*[)）]\s*$/

/**
 * The project number as printed, once, with its level: number "2026-04-05-012", level
 * 国家级 / national. A number typed with its level mark ("(国)") loses the mark, which the level
 * spells out; a mark that disagrees with the rule's level is kept, so nothing the staff typed is
 * silently dropped.
 */
export function projectNumberLine(projectNumber: string | null, level: Level | null): { number: string; level: { zh: string; en: string } | null } | null {
  const typed = projectNumber?.trim()
  if (!typed) return null
  const mark = TRAILING_MARK.exec(typed)
  const markLevel = mark ? LEVEL_MARKS[mark[1]!] : undefined
  const effective = level ?? markLevel ?? null
  const number = mark && markLevel === effective ? typed.slice(0, mark.index) : typed
  return { number, level: effective ? { zh: LEVEL_LABELS[effective].zh, en: LEVEL_LABELS[effective].en } : null }
}

/** The same on one line: "2026-04-05-012（国家级 / national）". */
export function projectNumberText(line: ReturnType<typeof projectNumberLine>): string | null {
  if (!line) return null
  return line.level ? `${line.number}（${line.level.zh} / ${line.level.en}）` : line.number
}

/**
 * An activity's dates for a table column, the same in both languages, in the event's time
 * zone: "2026-04-18", "2026-04-18 – 04-20", across a year "2026-12-30 – 2027-01-02".
 */
export function compactDateRange(start: Date, end: Date, timeZone: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
  const a = day(start)
  const b = day(end)
  if (a === b) return a
  return a.slice(0, 4) === b.slice(0, 4) ? `${a} – ${b.slice(5)}` : `${a} – ${b}`
}
