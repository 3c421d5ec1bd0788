import { artworkProblemKey, inspectArtwork, type ArtworkType } from '~/domain/certificate-artwork.ts'
import type { CertificateArtworkForm } from '~/schemas/certificate-artwork.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { artworkRenders } from './artwork-image.server.ts'

type Image = { bytes: Uint8Array<ArrayBuffer>; type: ArtworkType }

/** Checks one uploaded image from its bytes; a refusal names the field and why (422, nothing written). */
async function checkImage(field: 'logo' | 'seal', bytes: Uint8Array | null, fields: Record<string, string>): Promise<Image | null> {
  if (!bytes) return null
  const inspected = inspectArtwork(bytes)
  if (!inspected.ok) {
    fields[field] = artworkProblemKey(inspected.problem)
    return null
  }
  if (!(await artworkRenders(bytes, inspected.image.type))) {
    fields[field] = 'validation.artworkUnreadable'
    return null
  }
  return { bytes: new Uint8Array(bytes), type: inspected.image.type }
}

/**
 * Saves the logo, seal and signatories of an event's certificates: for the event itself, or
 * for its host association (then every event it hosts without its own items prints them). An
 * image left unchosen is kept; "remove" clears it. Both images are checked before anything is
 * written, and the save is audited with what changed (never the bytes or the names).
 */
export async function saveCertificateArtwork(db: Db, eventId: string, form: CertificateArtworkForm, ctx: AuditContext) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, organisations: { where: { role: 'HOST', forumId: null }, orderBy: { position: 'asc' }, take: 1, select: { organisationId: true } } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const organisationId = event.organisations[0]?.organisationId ?? null
  if (form.target === 'organisation' && !organisationId) {
    throw new AppError('conflict', 'The event has no host association yet', { fields: { target: 'validation.artworkNoHost' } })
  }
  const fields: Record<string, string> = {}
  const logo = await checkImage('logo', form.logo, fields)
  const seal = await checkImage('seal', form.seal, fields)
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'The image cannot be used', { fields })

  const owner = form.target === 'organisation' ? { organisationId: organisationId! } : { eventId }
  const where = form.target === 'organisation' ? { organisationId: organisationId! } : { eventId }
  const images = {
    ...(logo ? { logo: logo.bytes, logoType: logo.type } : form.removeLogo ? { logo: null, logoType: null } : {}),
    ...(seal ? { sealImage: seal.bytes, sealType: seal.type } : form.removeSeal ? { sealImage: null, sealType: null } : {}),
  }
  await db.$transaction(async (tx) => {
    await tx.certificateArtwork.upsert({ where, create: { ...owner, ...images, signatories: form.signatories }, update: { ...images, signatories: form.signatories } })
    await writeAudit(
      tx,
      'certificate.artwork_saved',
      {
        eventId,
        target: form.target,
        ...(form.target === 'organisation' ? { organisationId } : {}),
        logo: logo ? `replaced (${logo.type}, ${logo.bytes.length} bytes)` : form.removeLogo ? 'removed' : 'kept',
        seal: seal ? `replaced (${seal.type}, ${seal.bytes.length} bytes)` : form.removeSeal ? 'removed' : 'kept',
        signatories: form.signatories.length,
      },
      ctx,
    )
  })
}
