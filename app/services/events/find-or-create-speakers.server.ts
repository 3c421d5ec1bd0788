import type { PersonLine } from '~/domain/people.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * The speaker rows for people typed into the console. A person already on any programme
 * with the same Chinese name and affiliation is reused, so their speaker page gathers all
 * their sessions; anyone else is created.
 */
export async function findOrCreateSpeakers(tx: Tx, people: PersonLine[]): Promise<string[]> {
  const ids: string[] = []
  for (const person of people) {
    const existing = await tx.speaker.findFirst({ where: { nameZh: person.nameZh, affiliationZh: person.affiliationZh }, orderBy: { createdAt: 'asc' }, select: { id: true } })
    ids.push(existing?.id ?? (await tx.speaker.create({ data: person, select: { id: true } })).id)
  }
  return ids
}
