import { NO_ARTWORK, readSignatories, resolveArtwork, type ArtworkSet, type ArtworkType } from '~/domain/certificate-artwork.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** The artwork row's fields, without the image bytes (a type is set exactly when its image is). */
const summarySelect = { logoType: true, sealType: true, signatories: true, updatedAt: true } as const
const fullSelect = { logo: true, logoType: true, sealImage: true, sealType: true, signatories: true } as const

/** An event's host association (主办单位), as certificates name it: the first HOST of the whole event. */
function hostSelect<S>(artwork: S) {
  return {
    organisations: {
      where: { role: 'HOST' as const, forumId: null },
      orderBy: { position: 'asc' as const },
      take: 1,
      select: { organisation: { select: { id: true, nameZh: true, nameEn: true, certificateArtwork: { select: artwork } } } },
    },
  }
}

type Summary = { logoType: string | null; sealType: string | null; signatories: unknown; updatedAt: Date } | null
const summarise = (a: Summary) => ({
  logoType: a?.logoType ?? null,
  sealType: a?.sealType ?? null,
  signatories: readSignatories(a?.signatories),
  updatedAt: a?.updatedAt ?? null,
})

/** The staff page: the event's own artwork and its host association's, without image bytes. */
export async function getStaffCertificateArtwork(db: Db, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, titleZh: true, titleEn: true, certificateArtwork: { select: summarySelect }, ...hostSelect(summarySelect) },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const host = event.organisations[0]?.organisation ?? null
  return {
    event: { id: event.id, titleZh: event.titleZh, titleEn: event.titleEn },
    organisation: host ? { id: host.id, nameZh: host.nameZh, nameEn: host.nameEn } : null,
    artwork: { organisation: host ? summarise(host.certificateArtwork) : null, event: summarise(event.certificateArtwork) },
  }
}

type Full = { logo: Uint8Array | null; logoType: string | null; sealImage: Uint8Array | null; sealType: string | null; signatories: unknown } | null
function toSet(a: Full): ArtworkSet {
  if (!a) return NO_ARTWORK
  return {
    logo: a.logo && a.logoType ? { bytes: a.logo, type: a.logoType as ArtworkType } : null,
    seal: a.sealImage && a.sealType ? { bytes: a.sealImage, type: a.sealType as ArtworkType } : null,
    signatories: readSignatories(a.signatories),
  }
}

/** What an event's certificates print: its own logo, seal and signatories, else its host association's. */
export async function loadCertificateArtwork(db: Db, eventId: string): Promise<ArtworkSet> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { certificateArtwork: { select: fullSelect }, ...hostSelect(fullSelect) } })
  if (!event) return NO_ARTWORK
  return resolveArtwork(toSet(event.organisations[0]?.organisation.certificateArtwork ?? null), toSet(event.certificateArtwork))
}

/** One stored image, for the staff page's thumbnails: the event's own, or its host association's. */
export async function getCertificateArtworkImage(db: Db, eventId: string, owner: 'event' | 'organisation', kind: 'logo' | 'seal') {
  const select = kind === 'logo' ? { logo: true, logoType: true } : { sealImage: true, sealType: true }
  const event = await db.event.findUnique({ where: { id: eventId }, select: { certificateArtwork: { select }, ...hostSelect(select) } })
  if (!event) throw new AppError('not_found', 'No such event')
  const row = (owner === 'event' ? event.certificateArtwork : event.organisations[0]?.organisation.certificateArtwork) as
    { logo?: Uint8Array | null; logoType?: string | null; sealImage?: Uint8Array | null; sealType?: string | null } | null | undefined
  const bytes = kind === 'logo' ? row?.logo : row?.sealImage
  const type = kind === 'logo' ? row?.logoType : row?.sealType
  if (!bytes || !type) throw new AppError('not_found', 'No such image')
  return { bytes, type }
}
