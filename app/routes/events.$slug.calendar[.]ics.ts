import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { localized, resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { toICalendar } from '~/services/events/export-schedule.server.ts'
import { getProgrammeCalendar } from '~/services/events/get-programme-calendar.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

/** The whole programme as a calendar (see `getProgrammeCalendar` for what is in it), in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const lang = new URL(request.url).searchParams.get('lang')
    const locale = resolveLocale(lang ?? (await localeCookie.parse(request.headers.get('Cookie'))))
    const { schedule, locationOf } = await getProgrammeCalendar(getDb(), { slug, baseUrl: baseUrlOf(request), locale, onlineLabel: translate(locale, 'event.online') })
    const body = toICalendar([schedule], { name: localized(locale, schedule.titleZh, schedule.titleEn), locale, stamp: new Date(), locationOf })
    // Named by its address, the language is the same for everyone (a shared cache may keep it);
    // taken from the reader's cookie, it is theirs alone.
    const cache: Record<string, string> = lang !== null ? { 'Cache-Control': 'public, max-age=300' } : { 'Cache-Control': 'private, max-age=300', Vary: 'Cookie' }
    return new Response(body, {
      headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}.ics"`, ...cache },
    })
  })
}
