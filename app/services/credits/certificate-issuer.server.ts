import { getEnv } from '~/utils/env.server.ts'

/** Selects an event's organising association (主办): the first HOST of the whole event. */
export const issuerSelect = {
  organisations: { where: { role: 'HOST', forumId: null }, orderBy: { position: 'asc' }, take: 1, select: { organisation: { select: { nameZh: true, nameEn: true } } } },
} as const

/**
 * Who issues an event's certificates: its host association (主办单位), as the staff entered
 * it, else the platform's configured issuer (CERTIFICATE_ISSUER_ZH / _EN).
 */
export function certificateIssuer(event: { organisations: { organisation: { nameZh: string; nameEn: string } }[] }) {
  const host = event.organisations[0]?.organisation
  if (host) return { issuerZh: host.nameZh, issuerEn: host.nameEn || host.nameZh }
  const env = getEnv()
  return { issuerZh: env.CERTIFICATE_ISSUER_ZH, issuerEn: env.CERTIFICATE_ISSUER_EN }
}
