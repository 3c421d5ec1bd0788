import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ModeratorConsole, type ConsoleActionResult } from '~/components/live/moderator-console.tsx'
import { LIVE_ACTIONS } from '~/domain/live-stage.ts'
import { getLiveConsole } from '~/services/live/get-live-console.server.ts'
import { inviteToStage } from '~/services/live/invite-to-stage.server.ts'
import { listForumTalks } from '~/services/live/list-forum-talks.server.ts'
import { issueLiveToken } from '~/services/live/issue-live-token.server.ts'
import { removeFromStage } from '~/services/live/remove-from-stage.server.ts'
import { planDefaultPresencePrompts } from '~/services/attendance/plan-default-presence-prompts.server.ts'
import { announceForumStatusChanged } from '~/utils/forum-status-events.server.ts'
import { setForumLiveStatus } from '~/services/live/set-forum-live-status.server.ts'
import { followLiveStatus } from '~/services/broadcast/follow-live-status.server.ts'
import { recordingsDir } from '~/utils/recordings-dir.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireForumModerator, requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { actionResult, handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { mediaSocketUrl, mediaTokenSecret } from '~/utils/secrets.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, '主持控制台', 'Console')} · ${metaText(matches, data.forum.titleZh, data.forum.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const actionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.enum(LIVE_ACTIONS) }),
  z.object({ intent: z.literal('invite'), userId: id }),
  z.object({
    intent: z.literal('inviteEmail'),
    email: z.string().trim().email().max(200),
    // Only for an address without an account: the guest speaker's name for the new account.
    name: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).max(100).optional()),
  }),
  z.object({ intent: z.literal('remove'), userId: id }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const input = parseParams(paramsSchema, params)
    const db = getDb()
    const console = await getLiveConsole(db, input)
    await requireForumModerator(request, console.forum.id)
    const { token } = await issueLiveToken(db, { forumId: console.forum.id, user }, { secret: mediaTokenSecret(), ttlSeconds: getEnv().MEDIA_TOKEN_TTL_S })
    // The current-talk bar: the agenda, and the server's clock for the first render (the page ticks on its own after).
    const talks = await listForumTalks(db, console.forum.id)
    return data({ ...console, talks, renderedAt: new Date(), token, mediaUrl: mediaSocketUrl() }, { headers: { 'Cache-Control': 'private, no-store' } })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    const db = getDb()
    const { forum } = await getLiveConsole(db, input)
    const user = await requireForumModerator(request, forum.id)
    const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data<ConsoleActionResult>({ ok: false, code: 'validation_failed' }, { status: 422 })
    const ctx = auditContextFrom(request, user.id)
    return actionResult(
      async () => {
        const a = parsed.data
        if (a.intent === 'invite' || a.intent === 'inviteEmail') {
          const invited = await inviteToStage(db, { forumId: forum.id, ...(a.intent === 'invite' ? { userId: a.userId } : { email: a.email, name: a.name }) }, ctx)
          return data<ConsoleActionResult>({ ok: true, intent: 'invite', ...invited })
        }
        if (a.intent === 'remove') return data<ConsoleActionResult>({ ok: true, intent: 'remove', ...(await removeFromStage(db, { forumId: forum.id, userId: a.userId }, ctx)) })
        const { status, changed, closedPollIds } = await setForumLiveStatus(db, { forumId: forum.id, action: a.intent }, ctx)
        // Players follow at once (an ended forum closes its Q&A, chat and hands; closed polls show results).
        if (changed) announceForumStatusChanged({ forumId: forum.id, status, closedPollIds })
        // The event's pages show the status too (the live page is one shared, briefly cached render).
        if (changed) forgetEventPage(input.slug)
        // The recording follows the stage: opened on go-live, stopped on end (the replay is made off the request).
        await followLiveStatus(db, { forumId: forum.id, status, changed, recordingsDir: recordingsDir(getEnv()), broadcast: getEnv().BROADCAST })
        // Live for the first time: the forum plans its random presence checks.
        if (changed && status === 'LIVE') await planDefaultPresencePrompts(db, forum.id, ctx).catch((error: unknown) => logger.warn({ err: error, forumId: forum.id }, 'presence checks not planned'))
        return data<ConsoleActionResult>({ ok: true, intent: a.intent, status })
      },
      (error): ConsoleActionResult => ({ ok: false, code: error.code }),
    )
  })
}

/** The moderator console of one forum (app/components/live/moderator-console.tsx). */
export default function ModeratorConsoleRoute() {
  return <ModeratorConsole {...useLoaderData<typeof loader>()} />
}
