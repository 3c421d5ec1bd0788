import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { resolveLocale } from '~/domain/locale.ts'
import { getSchedule, toFrabXml } from '~/services/events/export-schedule.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const locale = resolveLocale(new URL(request.url).searchParams.get('lang'))
    const schedule = await getSchedule(getDb(), slug, baseUrlOf(request))
    return new Response(toFrabXml(schedule, locale), { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } })
  })
}
