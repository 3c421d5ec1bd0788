import type { ActionFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { checkInRequestSchema } from '~/schemas/check-in.ts'
import { checkIn } from '~/services/check-in.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { requireVenueCoordinator } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { ticketSecret } from '~/utils/secrets.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const MAX_CLOCK_SKEW_MS = 5 * 60_000

/** JSON: { ok: true, data } or { ok: false, error: { code, message } } in the user's language. */
export async function action({ request }: ActionFunctionArgs) {
  const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
  const fail = (error: AppError) => Response.json({ ok: false, error: { code: error.code, message: translate(locale, `errors.${error.code}`) } }, { status: error.status })
  try {
    const body = await request.json().catch(() => {
      throw new AppError('bad_request', 'Body is not JSON')
    })
    const parsed = checkInRequestSchema.safeParse(body)
    if (!parsed.success) throw new AppError('validation_failed', 'Invalid check-in request')
    const user = await requireVenueCoordinator(request, parsed.data.venueId)
    // Offline scans carry the device's time; a time in the future is clamped to now.
    const scannedAt = new Date(Math.min(Date.parse(parsed.data.scannedAt), Date.now() + MAX_CLOCK_SKEW_MS))
    const result = await checkIn(getDb(), { ...parsed.data, scannedAt, scannedById: user.id }, ticketSecret())
    return Response.json({ ok: true, data: result })
  } catch (error) {
    if (error instanceof Response) return Response.json({ ok: false, error: { code: 'unauthenticated', message: translate(locale, 'errors.unauthenticated') } }, { status: 401 })
    if (isAppError(error)) return fail(error)
    throw error
  }
}
