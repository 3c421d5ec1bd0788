import type { ActionFunctionArgs } from '@remix-run/node'
import { checkInRequestSchema } from '~/schemas/check-in.ts'
import { checkIn } from '~/services/attendance/check-in.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { getOptionalUser, requireVenueCoordinator } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { jsonApi, readJsonBody } from '~/utils/json-api.server.ts'
import { ticketSecret } from '~/utils/secrets.server.ts'

const MAX_CLOCK_SKEW_MS = 5 * 60_000

/**
 * One scan, idempotent on its nonce (the page replays its offline queue). JSON from this
 * site only (jsonApi: same origin, application/json). Replies `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }` in the user's language with a real status:
 * 401 to log in, 403 not this venue's coordinator, 400 not JSON, 422 not a scan.
 */
export async function action({ request }: ActionFunctionArgs) {
  return jsonApi(request, async () => {
    // Who first: an anonymous caller is told to log in, whatever it sent.
    if (!(await getOptionalUser(request))) throw new AppError('unauthenticated', 'Not logged in')
    const scan = await readJsonBody(request, checkInRequestSchema)
    const user = await requireVenueCoordinator(request, scan.venueId)
    // Offline scans carry the device's time; a time in the future is clamped to now.
    const scannedAt = new Date(Math.min(Date.parse(scan.scannedAt), Date.now() + MAX_CLOCK_SKEW_MS))
    const result = await checkIn(getDb(), { ...scan, scannedAt, scannedById: user.id }, ticketSecret())
    return { ok: true, data: result }
  })
}
