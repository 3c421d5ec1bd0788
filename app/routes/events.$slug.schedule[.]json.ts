import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getSchedule } from '~/services/events/export-schedule.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'

/** The same schedule as the frab XML, in both languages, as JSON. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const schedule = await getSchedule(getDb(), slug, baseUrlOf(request))
    return Response.json({ schedule }, { headers: { 'Cache-Control': 'public, max-age=300' } })
  })
}
