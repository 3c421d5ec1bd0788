import { z } from 'zod'
import { safeString } from './common.ts'

/** One scan as the check-in page sends it (also replayed from the offline queue). */
export const checkInRequestSchema = z.object({
  code: safeString().trim().min(1).max(200),
  venueId: safeString().min(1).max(40),
  kind: z.enum(['ENTRY', 'EXIT']),
  nonce: safeString().regex(/^[A-Za-z0-9-]{8,64}$/),
  scannedAt: safeString().datetime({ offset: true }),
})
export type CheckInRequest = z.infer<typeof checkInRequestSchema>
