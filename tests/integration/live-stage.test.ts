import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { verifyLiveToken } from '../../app/domain/live-token.ts'
import { getLiveStage } from '../../app/services/live/get-live-stage.server.ts'
import { getLiveAccess } from '../../app/services/live/get-live-access.server.ts'
import { getSessionLiveAccess } from '../../app/services/live/get-session-live-access.server.ts'
import { resetPassword } from '../../app/services/accounts/reset-password.server.ts'
import { inviteToStage } from '../../app/services/live/invite-to-stage.server.ts'
import { issueLiveToken } from '../../app/services/live/issue-live-token.server.ts'
import { removeFromStage } from '../../app/services/live/remove-from-stage.server.ts'
import { setForumLiveStatus } from '../../app/services/live/set-forum-live-status.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const SECRET = 'k'.repeat(32)
let db: Db
beforeAll(() => {
  db = testDb()
})
afterAll(() => db.$disconnect())

async function setting() {
  const event = await createEvent(db)
  const forum = event.forums[0]!
  const ticketType = await createTicketType(db, event.id)
  const [confirmed, pending, stranger, moderator, staff, invitee] = await createUsers(db, 6, 'live')
  await db.user.update({ where: { id: moderator! }, data: { role: 'MODERATOR' } })
  await db.user.update({ where: { id: staff! }, data: { role: 'STAFF' } })
  await db.forumModerator.create({ data: { forumId: forum.id, userId: moderator! } })
  await db.registration.createMany({
    data: [
      { eventId: event.id, ticketTypeId: ticketType.id, userId: confirmed!, status: 'CONFIRMED' },
      { eventId: event.id, ticketTypeId: ticketType.id, userId: pending!, status: 'PENDING_PAYMENT' },
      { eventId: event.id, ticketTypeId: ticketType.id, userId: invitee!, status: 'CONFIRMED' },
    ],
  })
  const users = await db.user.findMany({ where: { id: { in: [confirmed!, pending!, stranger!, moderator!, staff!, invitee!] } }, select: { id: true, role: true, realName: true } })
  const u = (id: string) => users.find((x) => x.id === id)!
  return { event, forum, confirmed: u(confirmed!), pending: u(pending!), stranger: u(stranger!), moderator: u(moderator!), staff: u(staff!), invitee: u(invitee!) }
}

const claimsOf = (token: string) => {
  const check = verifyLiveToken(SECRET, token, Math.floor(Date.now() / 1000))
  if (!check.ok) throw new Error(check.reason)
  return check.claims
}

describe('live join tokens are issued only to people with a place on the stage or in the audience', () => {
  test('confirmed attendee → viewer; assigned moderator and staff → moderator; others are refused', async () => {
    const s = await setting()
    const opts = { secret: SECRET, ttlSeconds: 60 }
    const viewer = await issueLiveToken(db, { forumId: s.forum.id, user: s.confirmed }, opts)
    expect(claimsOf(viewer.token)).toMatchObject({ forumId: s.forum.id, userId: s.confirmed.id, role: 'viewer', name: s.confirmed.realName, status: 'OFFLINE' })
    expect(viewer.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000)
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: s.moderator }, opts)).token)).toMatchObject({ role: 'moderator', name: s.moderator.realName })
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: s.staff }, opts)).token)).toMatchObject({ role: 'moderator' })
    await expect(issueLiveToken(db, { forumId: s.forum.id, user: s.pending }, opts)).rejects.toMatchObject({ code: 'live_not_registered' })
    await expect(issueLiveToken(db, { forumId: s.forum.id, user: s.stranger }, opts)).rejects.toMatchObject({ code: 'live_not_registered' })
    await expect(issueLiveToken(db, { forumId: 'nosuchforum', user: s.staff }, opts)).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a moderator of another forum is only a viewer here (if registered)', async () => {
    const s = await setting()
    const other = await createEvent(db)
    await db.forumModerator.create({ data: { forumId: other.forums[0]!.id, userId: s.moderator.id } })
    await db.forumModerator.delete({ where: { forumId_userId: { forumId: s.forum.id, userId: s.moderator.id } } })
    await expect(issueLiveToken(db, { forumId: s.forum.id, user: s.moderator }, { secret: SECRET, ttlSeconds: 60 })).rejects.toMatchObject({ code: 'live_not_registered' })
  })

  test('an invitation on stage makes the token say speaker, and removing it makes it say viewer again', async () => {
    const s = await setting()
    const opts = { secret: SECRET, ttlSeconds: 60 }
    await expect(inviteToStage(db, { forumId: s.forum.id, email: 'nobody@example.org' }, {})).rejects.toMatchObject({ code: 'live_invitee_needs_name', status: 422 })
    expect(await db.user.count({ where: { email: 'nobody@example.org' } })).toBe(0)
    await expect(inviteToStage(db, { forumId: s.forum.id, userId: s.pending.id }, {})).rejects.toMatchObject({ code: 'live_invitee_unknown' })
    expect(await inviteToStage(db, { forumId: s.forum.id, userId: s.invitee.id }, { userId: s.moderator.id })).toEqual({ userId: s.invitee.id, name: s.invitee.realName, accountCreated: false })
    await inviteToStage(db, { forumId: s.forum.id, userId: s.invitee.id }, { userId: s.moderator.id })
    // One e-mail for the invitation (inviting twice sends no second), with the player's link.
    const mails = await db.emailMessage.findMany({ where: { kind: 'stage_invitation', userId: s.invitee.id } })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('上台邀请')
    expect(mails[0]!.text).toContain(`/events/${s.event.slug}/forums/${s.forum.slug}/live`)
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: s.invitee }, opts)).token)).toMatchObject({ role: 'speaker', name: s.invitee.realName })
    await removeFromStage(db, { forumId: s.forum.id, userId: s.invitee.id }, { userId: s.moderator.id })
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: s.invitee }, opts)).token)).toMatchObject({ role: 'viewer' })
    const audit = await db.auditLog.findMany({ where: { type: { startsWith: 'forum.stage_' }, userId: s.moderator.id }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => a.type)).toEqual(['forum.stage_invited', 'forum.stage_invited', 'forum.stage_removed'])
  })

  test('a guest speaker without an account, invited by address and name, gets an account, the stage and a mail whose first link sets the password, then lands on the stage', async () => {
    const s = await setting()
    const email = `guest-${Date.now()}@hospital.example.org`
    const invited = await inviteToStage(db, { forumId: s.forum.id, email: email.toUpperCase(), name: '外请 讲者' }, { userId: s.moderator.id })
    expect(invited).toMatchObject({ name: '外请 讲者', accountCreated: true })
    const guest = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true } })
    expect(guest).toMatchObject({ id: invited.userId, role: 'ATTENDEE' })
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: { ...guest, realName: '外请 讲者' } as never }, { secret: SECRET, ttlSeconds: 60 })).token).role).toBe('speaker')
    const [mail] = await db.emailMessage.findMany({ where: { kind: 'stage_invitation', userId: guest.id } })
    const link = /\/reset-password\/([A-Za-z0-9_-]+)\?redirectTo=([^\s<"]+)/.exec(mail!.text)
    expect(link).not.toBeNull()
    expect(decodeURIComponent(link![2]!)).toBe(`/events/${s.event.slug}/forums/${s.forum.slug}/live`)
    // The usual set-password page takes the link, once.
    await resetPassword(db, { token: link![1]!, password: 'a-long-guest-passphrase-2027' })
    await expect(resetPassword(db, { token: link![1]!, password: 'another-long-passphrase-2027' })).rejects.toMatchObject({ code: 'password_link_invalid' })
    // Inviting the same address again: the account exists now, no second account.
    expect(await inviteToStage(db, { forumId: s.forum.id, email, name: 'ignored' }, {})).toMatchObject({ userId: guest.id, accountCreated: false })
    expect(await db.user.count({ where: { email } })).toBe(1)
  })

  test('a programme speaker with an account may be invited without registering', async () => {
    const s = await setting()
    const session = await db.session.create({ data: { forumId: s.forum.id, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: s.forum.startsAt, endsAt: s.forum.endsAt } })
    await db.speaker.create({ data: { nameZh: '讲者', nameEn: 'Speaker', userId: s.stranger.id, sessions: { create: { sessionId: session.id } } } })
    await inviteToStage(db, { forumId: s.forum.id, userId: s.stranger.id }, {})
    expect(claimsOf((await issueLiveToken(db, { forumId: s.forum.id, user: s.stranger }, { secret: SECRET, ttlSeconds: 60 })).token).role).toBe('speaker')
  })

  test('the player tells anonymous, unregistered and pending visitors apart, and signs a token only for who may watch', async () => {
    const s = await setting()
    const access = (user: typeof s.confirmed | null) => getLiveAccess(db, { forumId: s.forum.id, user }, { secret: SECRET, ttlSeconds: 60 })
    expect(await access(null)).toEqual({ access: { role: null, reason: 'anonymous' }, token: null, expiresAt: null })
    expect(await access(s.stranger)).toEqual({ access: { role: null, reason: 'not_registered' }, token: null, expiresAt: null })
    expect(await access(s.pending)).toEqual({ access: { role: null, reason: 'pending' }, token: null, expiresAt: null })
    const watching = await access(s.confirmed)
    expect(watching.access).toEqual({ role: 'viewer', reason: null })
    expect(claimsOf(watching.token!)).toMatchObject({ forumId: s.forum.id, userId: s.confirmed.id, role: 'viewer' })
    await expect(getLiveAccess(db, { forumId: 'nope', user: null }, { secret: SECRET, ttlSeconds: 60 })).rejects.toMatchObject({ code: 'not_found' })
    // The page's own data is the same for everyone: no person in it.
    const stage = await getLiveStage(db, { slug: s.event.slug, forumSlug: s.forum.slug })
    expect(stage.forums.map((f) => f.slug)).toEqual(['main'])
    expect(Object.keys(stage).sort()).toEqual(['event', 'forum', 'forums'])
    await expect(getLiveStage(db, { slug: s.event.slug, forumSlug: 'nope' })).rejects.toMatchObject({ code: 'not_found' })
  })

  test("the live page's personal request reads the log-in session and the role together, with the same limits as every page", async () => {
    const s = await setting()
    const now = new Date()
    const sessions = await Promise.all(
      [
        { user: s.confirmed.id, expiresAt: new Date(now.getTime() + 86_400_000), lastSeenAt: new Date(now.getTime() - 3_600_000) },
        { user: s.pending.id, expiresAt: new Date(now.getTime() + 86_400_000), lastSeenAt: now },
        { user: s.confirmed.id, expiresAt: new Date(now.getTime() - 1000), lastSeenAt: now },
        { user: s.confirmed.id, expiresAt: new Date(now.getTime() + 86_400_000), lastSeenAt: new Date(now.getTime() - 8 * 86_400_000) },
      ].map((x) => db.loginSession.create({ data: { userId: x.user, expiresAt: x.expiresAt, lastSeenAt: x.lastSeenAt } })),
    )
    const [good, pendingSession, expired, idle] = sessions.map((x) => x.id)
    const access = (sessionId: string | null, forumId = s.forum.id) => getSessionLiveAccess(db, { forumId, sessionId }, { secret: SECRET, ttlSeconds: 60, now })
    const watching = await access(good!)
    expect(watching.user).toEqual({ id: s.confirmed.id, role: s.confirmed.role, realName: s.confirmed.realName })
    expect(watching.access).toEqual({ role: 'viewer', reason: null })
    expect(claimsOf(watching.token!)).toMatchObject({ forumId: s.forum.id, userId: s.confirmed.id, role: 'viewer' })
    // A stale activity stamp is brought up to date, as on any page.
    expect((await db.loginSession.findUniqueOrThrow({ where: { id: good! } })).lastSeenAt).toEqual(now)
    expect(await access(pendingSession!)).toMatchObject({ user: { id: s.pending.id }, access: { role: null, reason: 'pending' }, token: null })
    // Past the absolute or the idle limit: anonymous, and the session is gone.
    for (const id of [expired!, idle!]) {
      expect(await access(id)).toEqual({ user: null, access: { role: null, reason: 'anonymous' }, token: null, expiresAt: null })
      expect(await db.loginSession.count({ where: { id } })).toBe(0)
    }
    expect(await access('no-such-session')).toMatchObject({ user: null, access: { reason: 'anonymous' } })
    expect(await access(null)).toMatchObject({ user: null, access: { reason: 'anonymous' } })
    // An unknown forum (or a draft event's) is a 404 whoever asks, with or without a session.
    for (const id of [good!, 'no-such-session', null]) await expect(access(id, 'nope')).rejects.toMatchObject({ code: 'not_found' })
    await db.event.update({ where: { id: s.event.id }, data: { status: 'DRAFT' } })
    await expect(access(good!)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('going live, pausing and ending', () => {
  test('follows OFFLINE → LIVE ⇄ PAUSED → ENDED, keeps the live window, and audits every transition', async () => {
    const s = await setting()
    const ctx = { userId: s.moderator.id }
    const t0 = new Date('2027-03-01T01:00:00Z')
    await expect(setForumLiveStatus(db, { forumId: s.forum.id, action: 'end' }, ctx, t0)).rejects.toMatchObject({ code: 'conflict' })
    expect(await setForumLiveStatus(db, { forumId: s.forum.id, action: 'go_live' }, ctx, t0)).toEqual({ status: 'LIVE', changed: true, closedPollIds: [] })
    expect(await setForumLiveStatus(db, { forumId: s.forum.id, action: 'go_live' }, ctx, t0)).toEqual({ status: 'LIVE', changed: false, closedPollIds: [] })
    await setForumLiveStatus(db, { forumId: s.forum.id, action: 'pause' }, ctx, new Date(t0.getTime() + 60_000))
    await setForumLiveStatus(db, { forumId: s.forum.id, action: 'go_live' }, ctx, new Date(t0.getTime() + 120_000))
    await setForumLiveStatus(db, { forumId: s.forum.id, action: 'end' }, ctx, new Date(t0.getTime() + 3_600_000))
    await expect(setForumLiveStatus(db, { forumId: s.forum.id, action: 'go_live' }, ctx)).rejects.toMatchObject({ code: 'conflict' })
    const forum = await db.forum.findUniqueOrThrow({ where: { id: s.forum.id } })
    expect(forum).toMatchObject({ liveStatus: 'ENDED', liveStartedAt: t0, liveEndedAt: new Date(t0.getTime() + 3_600_000) })
    const audit = await db.auditLog.findMany({ where: { type: 'forum.live_status', userId: s.moderator.id }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => (a.data as { to: string }).to)).toEqual(['LIVE', 'PAUSED', 'LIVE', 'ENDED'])
  })

  test('two moderators pressing "go live" at once make one transition', async () => {
    const s = await setting()
    const results = await Promise.allSettled([0, 1, 2].map(() => setForumLiveStatus(db, { forumId: s.forum.id, action: 'go_live' }, { userId: s.moderator.id })))
    const changed = results.filter((r) => r.status === 'fulfilled' && r.value.changed)
    expect(changed).toHaveLength(1)
    expect(await db.auditLog.count({ where: { type: 'forum.live_status', userId: s.moderator.id } })).toBe(1)
  })
})
