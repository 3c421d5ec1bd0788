import { z } from 'zod'

/** One scan as the check-in page sends it (also replayed from the offline queue). */
export const checkInRequestSchema = z.object({
  code: z.string().trim().min(1).max(200),
  venueId: z.string().min(1).max(40),
  kind: z.enum(['ENTRY', 'EXIT']),
  nonce: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  scannedAt: z.string().datetime({ offset: true }),
})
export type CheckInRequest = z.infer<typeof checkInRequestSchema>
