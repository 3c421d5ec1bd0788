import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { localized, resolveLocale } from '~/domain/locale.ts'
import { getSchedule, toICalendar } from '~/services/events/export-schedule.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const locale = resolveLocale(new URL(request.url).searchParams.get('lang') ?? (await localeCookie.parse(request.headers.get('Cookie'))))
    const schedule = await getSchedule(getDb(), slug, baseUrlOf(request))
    const body = toICalendar([schedule], { name: localized(locale, schedule.titleZh, schedule.titleEn), locale, stamp: new Date() })
    return new Response(body, {
      headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}.ics"`, 'Cache-Control': 'public, max-age=300' },
    })
  })
}
