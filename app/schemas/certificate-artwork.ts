import { z } from 'zod'
import { ARTWORK_LIMITS, type Signatory } from '~/domain/certificate-artwork.ts'
import { safeString } from './common.ts'

const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
const line = (max: number) => safeString().trim().max(max, 'validation.tooLong').optional().default('')

/**
 * A chosen file, read into bytes; a file input left empty sends a nameless, empty part, which
 * means "keep what is there" (null). The bytes are checked by the use case (type, size, pixels).
 */
const upload = z
  .unknown()
  .refine((v) => v === undefined || v === '' || v instanceof Blob, 'validation.artworkType')
  .transform(async (v): Promise<Uint8Array | null> => (v instanceof Blob && (v.size > 0 || (v as File).name) ? new Uint8Array(await v.arrayBuffer()) : null))

const signatoryFields = Object.fromEntries(
  Array.from({ length: ARTWORK_LIMITS.signatories }, (_, i) => [
    [`signatory${i + 1}Name`, line(40)],
    [`signatory${i + 1}Title`, line(60)],
  ]).flat(),
) as Record<string, ReturnType<typeof line>>

/** The certificate artwork form (staff): which owner, two images, and up to three signatories (name, title). */
export const certificateArtworkFormSchema = z
  .object({
    target: z.enum(['organisation', 'event'], { message: 'validation.choice' }),
    logo: upload,
    seal: upload,
    removeLogo: checkbox,
    removeSeal: checkbox,
    ...signatoryFields,
  })
  .superRefine((f, ctx) => {
    for (let i = 1; i <= ARTWORK_LIMITS.signatories; i++) {
      const record = f as unknown as Record<string, string>
      if (!record[`signatory${i}Name`] && record[`signatory${i}Title`]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [`signatory${i}Name`], message: 'validation.required' })
    }
  })
  .transform((f) => {
    const record = f as unknown as Record<string, string>
    const signatories: Signatory[] = []
    for (let i = 1; i <= ARTWORK_LIMITS.signatories; i++) {
      if (record[`signatory${i}Name`]) signatories.push({ name: record[`signatory${i}Name`]!, title: record[`signatory${i}Title`] ?? '' })
    }
    return { target: f.target, logo: f.logo, seal: f.seal, removeLogo: f.removeLogo, removeSeal: f.removeSeal, signatories }
  })

export type CertificateArtworkForm = z.infer<typeof certificateArtworkFormSchema>
