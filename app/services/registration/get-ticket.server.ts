import QRCode from 'qrcode'
import { signTicket } from '~/domain/ticket-token.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** The owner's view of a registration; a confirmed one carries its signed QR code. */
export async function getTicket(db: Db, input: { registrationId: string; userId: string }, secret: string) {
  const reg = await db.registration.findFirst({
    where: { id: input.registrationId, userId: input.userId },
    select: {
      id: true,
      status: true,
      tier: true,
      tierEvidence: true,
      transferRefund: { select: { amount: true, refundedOn: true } },
      amount: true,
      currency: true,
      createdAt: true,
      confirmedAt: true,
      user: { select: { realName: true } },
      ticketType: { select: { nameZh: true, nameEn: true } },
      event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, startsAt: true, endsAt: true } },
      payments: { where: { status: { in: ['PAID', 'REFUNDED', 'PARTIALLY_REFUNDED'] } }, select: { amount: true, refundedAmount: true, status: true } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such ticket')
  if (reg.status !== 'CONFIRMED') return { ...reg, code: null, qrSvg: null }
  const code = signTicket(secret, reg.id)
  const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, width: 240 })
  return { ...reg, code, qrSvg }
}
