import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { localized, resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { toICalendar } from '~/services/events/export-schedule.server.ts'
import { getMyCalendar } from '~/services/events/get-my-calendar.server.ts'
import { isAppError } from '~/utils/app-error.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

/** The signed-in attendee's own calendar of an event (see `getMyCalendar` for what is in it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const locale = resolveLocale(new URL(request.url).searchParams.get('lang') ?? (await localeCookie.parse(request.headers.get('Cookie'))))
    const noStore = { 'Cache-Control': 'private, no-store' }
    try {
      const { schedule, attendeeName, locationOf } = await getMyCalendar(getDb(), { slug, userId: user.id, baseUrl: baseUrlOf(request), locale, onlineLabel: translate(locale, 'event.online') })
      const name = translate(locale, 'event.myCalendarName', { name: attendeeName, event: localized(locale, schedule.titleZh, schedule.titleEn) })
      return new Response(toICalendar([schedule], { name, locale, stamp: new Date(), locationOf }), {
        headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}-mine.ics"`, ...noStore },
      })
    } catch (error) {
      // Someone who followed a link in a browser reads this page, so it says why in their language.
      if (isAppError(error) && error.code === 'forbidden') {
        return new Response(translate(locale, 'event.myCalendarRefused'), { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...noStore } })
      }
      throw error
    }
  })
}
