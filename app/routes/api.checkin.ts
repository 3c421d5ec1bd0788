import type { ActionFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { checkInRequestSchema } from '~/schemas/check-in.ts'
import { checkIn } from '~/services/attendance/check-in.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { requireUser, requireVenueCoordinator } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { ticketSecret } from '~/utils/secrets.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const MAX_CLOCK_SKEW_MS = 5 * 60_000

/** JSON: { ok: true, data } or { ok: false, error: { code, message } } in the user's language. */
export async function action({ request }: ActionFunctionArgs) {
  const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
  const fail = (error: AppError) => Response.json({ ok: false, error: { code: error.code, message: translate(locale, `errors.${error.code}`) } }, { status: error.status })
  try {
    // Who first: an anonymous caller is told to log in, whatever it sent.
    await requireUser(request)
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
    // A guard's refusal: 401 to log in, 403 for someone who is not this venue's coordinator.
    if (error instanceof Response) {
      const toLogIn = error.status === 401 || (error.status >= 300 && error.status < 400)
      return fail(new AppError(toLogIn ? 'unauthenticated' : error.status === 404 ? 'not_found' : 'forbidden', 'Refused by a guard'))
    }
    if (isAppError(error)) return fail(error)
    throw error
  }
}
