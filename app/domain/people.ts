/**
 * Staff type speakers and chairs the way a programme lists them: one person per line,
 * "中文名 | English name | 中文单位 | English affiliation", everything after the Chinese name
 * optional. Full-width bars (｜) work too, because that is what a Chinese keyboard types.
 */
export type PersonLine = { nameZh: string; nameEn: string; affiliationZh: string; affiliationEn: string }
export type PeopleParse = { people: PersonLine[]; error: { line: number; code: 'validation.personLine' | 'validation.tooManyPeople' } | null }

export const MAX_PEOPLE_PER_ITEM = 30
const MAX_PART = 200

export function parsePeopleLines(text: string): PeopleParse {
  const people: PersonLine[] = []
  const seen = new Set<string>()
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue
    const parts = raw.split(/[|｜]/).map((p) => p.trim().replace(/\s+/g, ' '))
    const [nameZh = '', nameEn = '', affiliationZh = '', affiliationEn = ''] = parts
    if (!nameZh || parts.length > 4 || parts.some((p) => p.length > MAX_PART)) return { people: [], error: { line: index + 1, code: 'validation.personLine' } }
    const key = `${nameZh}\u0000${affiliationZh}`
    if (seen.has(key)) continue
    seen.add(key)
    people.push({ nameZh, nameEn: nameEn || nameZh, affiliationZh, affiliationEn: affiliationEn || affiliationZh })
    if (people.length > MAX_PEOPLE_PER_ITEM) return { people: [], error: { line: index + 1, code: 'validation.tooManyPeople' } }
  }
  return { people, error: null }
}

/** Account e-mails separated by commas, semicolons, spaces or new lines (either width). */
export function parseEmailList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;，；、]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
}

/** The same lines written back (to prefill an edit form): parsePeopleLines reads them as they were. */
export function formatPeopleLines(people: readonly PersonLine[]): string {
  return people.map((p) => [p.nameZh, p.nameEn, p.affiliationZh, p.affiliationEn].join(' | ').replace(/( \| )+$/, '')).join('\n')
}
