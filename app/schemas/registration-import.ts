import { z } from 'zod'
import { safeString } from './common.ts'

const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean())

/** The import page's two steps: upload a list for its preview, then confirm that very file (by its SHA-256). */
export const registrationImportActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview'), list: z.instanceof(Blob, { message: 'validation.required' }) }),
  z.object({
    intent: z.literal('import'),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    paidByTransfer: checkbox,
    payerName: safeString().trim().max(100, 'validation.tooLong').optional(),
  }),
])
