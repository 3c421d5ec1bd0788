import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { translate } from '~/i18n/i18n.ts'
import { idSchema } from '~/schemas/common.ts'
import { prepareReplayMp4 } from '~/services/broadcast/prepare-replay-mp4.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { recordingsDir } from '~/utils/recordings-dir.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { requestLocale } from '~/utils/json-api.server.ts'

const paramsSchema = z.object({ forumId: idSchema, replayId: idSchema })

/**
 * Staff download the (trimmed) replay as an MP4 (a remux, prepared off the request and
 * cached): the file when it is ready, else 202 with a note to reload (Retry-After).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { forumId, replayId } = parseParams(paramsSchema, params)
    const env = getEnv()
    const prepared = await prepareReplayMp4(getDb(), { forumId, replayId, recordingsDir: recordingsDir(env), ffmpegPath: env.FFMPEG_PATH })
    if (prepared.state === 'preparing') {
      const locale = await requestLocale(request)
      return new Response(translate(locale, 'replay.staff.preparing'), { status: 202, headers: { 'Retry-After': '5', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
    }
    return new Response(Readable.toWeb(createReadStream(prepared.file)) as ReadableStream, {
      headers: { 'Content-Type': 'video/mp4', 'Content-Length': String(prepared.size), 'Content-Disposition': `attachment; filename="replay-${replayId}.mp4"`, 'Cache-Control': 'private, no-store' },
    })
  })
}
