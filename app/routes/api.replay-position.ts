import type { ActionFunctionArgs } from '@remix-run/node'
import { replayPositionSchema } from '~/schemas/replay.ts'
import { saveReplayPosition } from '~/services/broadcast/save-replay-position.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { jsonApi, readJsonBody } from '~/utils/json-api.server.ts'

/**
 * POST /api/replay-position { replayId, positionSec }: where the signed-in registrant stopped
 * watching a replay (the page sends it every ~10 s and, with keepalive, on pagehide).
 */
export async function action({ request }: ActionFunctionArgs) {
  return jsonApi(request, async () => {
    const user = await getOptionalUser(request)
    if (!user) throw new AppError('unauthenticated', 'Log in first')
    const body = await readJsonBody(request, replayPositionSchema, { maxBytes: 1024 })
    return { ok: true, ...(await saveReplayPosition(getDb(), { userId: user.id, ...body })) }
  })
}
